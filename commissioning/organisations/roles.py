"""Which roles a person holds, cached on the user object for the length of a request."""

from commissioning.organisations.models import PARTNERSHIP_ROLES, Membership, Role

_CACHE_ATTR = "_commissioning_roles"


def role_pairs(user) -> frozenset[tuple[int, str]]:
    """(organisation id, role) for each active membership of an active organisation."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            Membership.objects.active()
            .filter(user=user, organisation__archived_at__isnull=True)
            .values_list("organisation_id", "role")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def access_key(user) -> str:
    """The person and everything that decides what they may see (superuser, roles in which organisations), as a
    part of a cache key: a change of role gives a new key."""
    if user is None or not user.is_authenticated:
        return "anonymous"
    pairs = ",".join(f"{organisation_id}:{role}" for organisation_id, role in sorted(role_pairs(user)))
    return f"{user.pk}|{'superuser' if user.is_superuser else ''}|{pairs}"


def forget_roles(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user) -> set[str]:
    return {role for _, role in role_pairs(user)}


def organisation_ids_of(user) -> set[int]:
    return {org_id for org_id, _ in role_pairs(user)}


def is_administrator(user) -> bool:
    return bool(
        user and user.is_authenticated and (user.is_superuser or Role.ADMINISTRATOR in roles_of(user))
    )


def has_partnership_role(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or roles_of(user) & PARTNERSHIP_ROLES))


def has_any_role(user, *roles: str) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or roles_of(user) & set(roles)))
