from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships of organisations."""

    email = models.EmailField(
        "email address", unique=True, help_text="Used to sign in help and password resets."
    )
    job_title = models.CharField(max_length=200, blank=True, help_text="For example, Commissioning Manager.")

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
