from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from commissioning.accounts.models import User


class UsernameOrEmailBackend(ModelBackend):
    """Sign in with either the username or the email address.

    Django's own user and group permissions serve only Django admin, whose users are staff: what anyone may do in
    the product follows from their roles (the rules backend). So they are not read for anyone else, which spares
    two queries on every page that asks about something the person may not do."""

    def get_user_permissions(self, user_obj, obj=None):
        return super().get_user_permissions(user_obj, obj) if user_obj.is_staff else set()

    def get_group_permissions(self, user_obj, obj=None):
        return super().get_group_permissions(user_obj, obj) if user_obj.is_staff else set()

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = (
            User.objects.filter(Q(username__iexact=username) | Q(email__iexact=username))
            .order_by("pk")
            .first()
        )
        if user is None:
            User().set_password(password)  # same work either way, so timing does not reveal accounts
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
