"""Reads for provider quality checks: which providers are checked, each provider's checks and the register."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from commissioning.assurance.quality.models import CheckStatus, ProviderCheck, ProviderEnrolment, Requirement
from commissioning.assurance.quality.rules import provider_ids_of
from commissioning.contracts.models import Agreement, AgreementStatus
from commissioning.organisations import roles
from commissioning.organisations.models import Organisation


def requirement_list(*, include_archived: bool = False) -> QuerySet[Requirement]:
    queryset = Requirement.objects.all()
    return queryset if include_archived else queryset.active()


def providers_in_scope() -> QuerySet[Organisation]:
    """Organisations holding a live agreement, and any the commissioner has added."""
    live = Agreement.objects.active().filter(status=AgreementStatus.LIVE).values("provider_id")
    enrolled = ProviderEnrolment.objects.active().values("organisation_id")
    return Organisation.objects.active().filter(Q(pk__in=live) | Q(pk__in=enrolled)).order_by("name")


def providers_visible_to(user) -> QuerySet[Organisation]:
    if roles.has_partnership_role(user):
        return providers_in_scope()
    return Organisation.objects.active().filter(pk__in=provider_ids_of(user)).order_by("name")


def enrolment_for(organisation: Organisation) -> ProviderEnrolment | None:
    return ProviderEnrolment.objects.active().filter(organisation=organisation).first()


def live_agreements_of(organisation: Organisation) -> list[Agreement]:
    return list(
        Agreement.objects.active()
        .filter(provider=organisation, status=AgreementStatus.LIVE)
        .select_related("monitoring_officer")
    )


def checks_visible_to(user) -> QuerySet[ProviderCheck]:
    queryset = ProviderCheck.objects.active().select_related(
        "provider", "requirement", "submitted_by", "verified_by"
    )
    if roles.has_partnership_role(user):
        return queryset
    return queryset.filter(provider_id__in=provider_ids_of(user))


def check_detail(*, user, pk: int) -> ProviderCheck:
    return checks_visible_to(user).get(pk=pk)


@dataclass
class CheckRow:
    """A provider against a requirement: its active check if any, and its status on the day."""

    provider: Organisation
    requirement: Requirement
    check: ProviderCheck | None
    status: str

    @property
    def status_label(self) -> str:
        return CheckStatus(self.status).label

    @property
    def expires_on(self) -> date | None:
        return self.check.expires_on if self.check else None


def _status(check: ProviderCheck | None, today: date) -> str:
    return check.effective_status(today) if check else CheckStatus.NOT_PROVIDED


def provider_rows(*, provider: Organisation, today: date) -> list[CheckRow]:
    checks = {
        c.requirement_id: c
        for c in ProviderCheck.objects.active()
        .filter(provider=provider)
        .select_related("submitted_by", "verified_by")
    }
    return [
        CheckRow(
            provider, requirement, checks.get(requirement.pk), _status(checks.get(requirement.pk), today)
        )
        for requirement in requirement_list()
    ]


SORTS = {
    "provider": lambda r: (r.provider.name, r.requirement.position),
    "requirement": lambda r: (r.requirement.position, r.provider.name),
    "expiry": lambda r: (r.expires_on or date.max, r.provider.name),
    "status": lambda r: (list(CheckStatus.values).index(r.status), r.provider.name),
}


def register_rows(
    *,
    today: date,
    status: str = "",
    provider_id: int | None = None,
    requirement_id: int | None = None,
    expiring_within: int | None = None,
    search: str = "",
    ordering: str = "provider",
) -> list[CheckRow]:
    """Every provider in scope against every requirement, filtered; three queries whatever the size."""
    providers = providers_in_scope()
    if provider_id:
        providers = providers.filter(pk=provider_id)
    if search:
        providers = providers.filter(name__icontains=search)
    providers = list(providers)
    requirements = list(requirement_list())
    if requirement_id:
        requirements = [r for r in requirements if r.pk == requirement_id]
    checks = {
        (c.provider_id, c.requirement_id): c
        for c in ProviderCheck.objects.active()
        .filter(provider__in=[p.pk for p in providers])
        .select_related("submitted_by", "verified_by")
    }
    rows = []
    horizon = today + timedelta(days=expiring_within) if expiring_within is not None else None
    for provider in providers:
        for requirement in requirements:
            check = checks.get((provider.pk, requirement.pk))
            row = CheckRow(provider, requirement, check, _status(check, today))
            if status and row.status != status:
                continue
            if horizon is not None and not (
                check and check.status != CheckStatus.REJECTED and check.expires_on <= horizon
            ):
                continue
            rows.append(row)
    rows.sort(key=SORTS.get(ordering, SORTS["provider"]))
    return rows


def status_counts(rows: list[CheckRow]) -> dict[str, int]:
    counts = dict.fromkeys(CheckStatus.values, 0)
    for row in rows:
        counts[row.status] += 1
    return counts
