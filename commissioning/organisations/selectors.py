"""Reads of organisations and people, filtered to what the person asking may see."""

from django.db.models import Count, Prefetch, Q, QuerySet

from commissioning.accounts.models import User
from commissioning.organisations import roles
from commissioning.organisations.models import Membership, Organisation

ORGANISATION_ORDERINGS = {
    "name": "name",
    "-name": "-name",
    "type": "organisation_type",
    "sector": "sector",
    "updated": "-updated_at",
}
PEOPLE_ORDERINGS = {
    "name": ("first_name", "last_name", "username"),
    "-name": ("-first_name", "-last_name", "-username"),
    "email": ("email",),
    "last_sign_in": ("-last_login",),
}


def organisations_visible_to(user) -> QuerySet[Organisation]:
    queryset = Organisation.objects.all()
    if roles.has_partnership_role(user):
        return queryset
    return queryset.filter(pk__in=roles.organisation_ids_of(user))


def organisation_list(
    *,
    user,
    search: str = "",
    organisation_type: str = "",
    sector: str = "",
    relationship: str = "",
    include_archived: bool = False,
    ordering: str = "name",
) -> QuerySet[Organisation]:
    queryset = organisations_visible_to(user).annotate(
        member_count=Count("memberships", filter=Q(memberships__archived_at__isnull=True), distinct=True)
    )
    if not include_archived:
        queryset = queryset.active()
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(companies_house_number__iexact=search)
            | Q(charity_number__iexact=search)
            | Q(other_identifier__iexact=search)
        )
    if organisation_type:
        queryset = queryset.filter(organisation_type=organisation_type)
    if sector:
        queryset = queryset.filter(sector=sector)
    if relationship == "partner":
        queryset = queryset.filter(is_partner=True)
    elif relationship == "provider":
        queryset = queryset.filter(is_provider=True)
    return queryset.order_by(ORGANISATION_ORDERINGS.get(ordering, "name"), "pk")


def organisation_members(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "role")
    )


def people_list(
    *,
    search: str = "",
    role: str = "",
    organisation_id: int | None = None,
    status: str = "active",
    ordering="name",
) -> QuerySet[User]:
    queryset = User.objects.all()
    if status == "active":
        queryset = queryset.filter(is_active=True)
    elif status == "inactive":
        queryset = queryset.filter(is_active=False)
    if search:
        queryset = queryset.filter(
            Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(username__icontains=search)
            | Q(email__icontains=search)
        )
    membership = {}
    if role:
        membership["memberships__role"] = role
    if organisation_id:
        membership["memberships__organisation_id"] = organisation_id
    if membership:  # one filter call, so role and organisation must be held in the same membership
        queryset = queryset.filter(memberships__archived_at__isnull=True, **membership)
    active_memberships = (
        Membership.objects.active().select_related("organisation").order_by("organisation__name")
    )
    return (
        queryset.distinct()
        .prefetch_related(Prefetch("memberships", queryset=active_memberships, to_attr="active_memberships"))
        .order_by(*PEOPLE_ORDERINGS.get(ordering, PEOPLE_ORDERINGS["name"]), "pk")
    )


def person_memberships(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("archived_at", "organisation__name")
    )
