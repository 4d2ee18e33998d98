"""Writes for organisations, people and memberships. Views, the API and admin call these."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from commissioning.accounts.models import User
from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import (
    apply_changes,
    record_archive,
    record_restore,
    timeline_record,
    version_check,
)
from commissioning.organisations.models import Membership, Organisation, Role
from commissioning.organisations.roles import forget_roles

ORGANISATION_FIELDS = [
    "name",
    "organisation_type",
    "sector",
    "is_partner",
    "is_provider",
    "companies_house_number",
    "charity_number",
    "other_identifier_scheme",
    "other_identifier",
    "address",
    "postcode",
    "website",
    "email",
    "telephone",
    "description",
]
PERSON_FIELDS = ["first_name", "last_name", "email", "job_title"]


def _normalise_organisation(data: dict) -> dict:
    data = dict(data)
    for key in ("companies_house_number", "charity_number", "postcode"):
        if key in data and isinstance(data[key], str):
            data[key] = data[key].strip().upper()
    return data


@transaction.atomic
def organisation_create(*, actor, data: dict) -> Organisation:
    organisation = Organisation(
        **{k: v for k, v in _normalise_organisation(data).items() if k in ORGANISATION_FIELDS}
    )
    organisation.full_clean()
    with acting_as(actor):
        organisation.save()
    timeline_record(
        instance=organisation, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Organisation added"
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, actor, organisation: Organisation, data: dict, expected_version: int | None
) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    version_check(instance=organisation, expected_version=expected_version)
    if organisation.is_archived:
        raise ValidationError("Restore this organisation before changing it.")
    changed = apply_changes(
        instance=organisation, data=_normalise_organisation(data), fields=ORGANISATION_FIELDS
    )
    if not changed:
        return organisation
    organisation.full_clean()
    organisation.version += 1
    with acting_as(actor):
        organisation.save()
    return organisation


@transaction.atomic
def organisation_archive(*, actor, organisation: Organisation, reason: str) -> Organisation:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are archiving this organisation."})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    with acting_as(actor):
        record_archive(instance=organisation, actor=actor, reason=reason.strip())
    return organisation


@transaction.atomic
def organisation_restore(*, actor, organisation: Organisation) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    with acting_as(actor):
        record_restore(instance=organisation, actor=actor)
    return organisation


@transaction.atomic
def person_create(
    *,
    actor,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    job_title: str = "",
    organisation: Organisation,
    role: str,
    password: str | None = None,
) -> User:
    """Add a person with a first role. Without a password they cannot sign in until invited."""
    user = User(
        username=username.strip(),
        email=email.strip().lower(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        job_title=job_title.strip(),
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    with acting_as(actor):
        user.save()
        membership_add(actor=actor, user=user, organisation=organisation, role=role)
    timeline_record(instance=user, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Person added")
    return user


@transaction.atomic
def person_update(*, actor, person: User, data: dict) -> User:
    data = dict(data)
    if "email" in data:
        data["email"] = data["email"].strip().lower()
    changed = apply_changes(instance=person, data=data, fields=PERSON_FIELDS)
    if changed:
        person.full_clean(exclude=["password"])
        with acting_as(actor):
            person.save()
    return person


@transaction.atomic
def person_set_active(*, actor, person: User, active: bool, reason: str = "") -> User:
    if person == actor and not active:
        raise ValidationError("You cannot deactivate your own account.")
    if not active and not reason.strip():
        raise ValidationError({"reason": "Enter why this person can no longer sign in."})
    if person.is_active == active:
        return person
    person.is_active = active
    with acting_as(actor):
        person.save(update_fields=["is_active"])
    timeline_record(
        instance=person,
        actor=actor,
        verb=TimelineEvent.Verb.ARCHIVED if not active else TimelineEvent.Verb.RESTORED,
        summary=f"Deactivated: {reason.strip()}" if not active else "Reactivated",
    )
    forget_roles(person)
    return person


def person_send_invitation(*, actor, person: User, base_url: str) -> None:
    """E-mail a link with which the person sets their password and signs in."""
    if not person.is_active:
        raise ValidationError("Reactivate this person before inviting them.")
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    link = base_url.rstrip("/") + reverse(
        "accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token}
    )
    body = render_to_string(
        "accounts/email/invitation.txt",
        {"person": person, "link": link, "service_name": settings.SERVICE_NAME, "inviter": actor},
    )
    send_mail(f"You have been invited to {settings.SERVICE_NAME}", body, None, [person.email])
    timeline_record(instance=person, actor=actor, verb=TimelineEvent.Verb.NOTE, summary="Invitation sent")


@transaction.atomic
def membership_add(*, actor, user: User, organisation: Organisation, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": "Choose a role from the list."})
    if organisation.is_archived:
        raise ValidationError({"organisation": "This organisation is archived; restore it first."})
    if role == Role.PROVIDER_USER and not organisation.is_provider:
        raise ValidationError({"role": "Provider users must belong to a provider organisation."})
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    with acting_as(actor):
        membership.save()
    timeline_record(
        instance=user,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Given the role {membership.get_role_display()} in {organisation}",
    )
    forget_roles(user)
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership, reason: str = "") -> Membership:
    forget_roles(membership.user)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if (
        membership.user == actor
        and membership.role == Role.ADMINISTRATOR
        and not Membership.objects.active()
        .filter(user=actor, role=Role.ADMINISTRATOR)
        .exclude(pk=membership.pk)
    ):
        raise ValidationError("You cannot remove your own last administrator role.")
    with acting_as(actor):
        record_archive(instance=membership, actor=actor, reason=reason.strip() or "Role removed")
    timeline_record(
        instance=membership.user,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Role {membership.get_role_display()} in {membership.organisation} removed",
    )
    forget_roles(membership.user)
    return membership
