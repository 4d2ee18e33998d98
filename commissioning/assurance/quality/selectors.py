"""Reads for provider quality checks: which providers are checked, each provider's checks and the register."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When

from commissioning.assurance.quality.models import CheckStatus, ProviderCheck, ProviderEnrolment, Requirement
from commissioning.assurance.quality.rules import provider_ids_of
from commissioning.contracts.models import Agreement, AgreementStatus
from commissioning.core.options import remembered_options
from commissioning.core.table_cache import remember
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


# Each sort's ORDER BY over the register's rows; the last terms keep the order of providers by name and of the
# requirements by position for rows that tie.
SORTS = {
    "provider": "name, position, provider_id, title, requirement_id",
    "requirement": "position, name, provider_id, title, requirement_id",
    "expiry": "check_id IS NULL, expires_on, name, provider_id, position, title, requirement_id",
    "status": "status_rank, name, provider_id, position, title, requirement_id",
}
LIVE = (CheckStatus.AWAITING, CheckStatus.VERIFIED)


def _effective_status(today: date) -> Case:
    """A stored check's status on the day, in the database (see ProviderCheck.effective_status)."""
    return Case(
        When(status__in=LIVE, expires_on__lt=today, then=Value(CheckStatus.EXPIRED)),
        default=F("status"),
        output_field=CharField(),
    )


class RegisterRows:
    """The register's rows: every provider in scope against every chosen requirement, filtered, sorted and sliced
    in the database (a regional partnership has 1,500 providers), and built only for the rows asked for.

    The rows are a cross join of the providers and the requirements, which the ORM cannot express: the providers'
    query is the ORM's, wrapped in a WITH clause."""

    def __init__(
        self,
        *,
        today: date,
        providers: QuerySet[Organisation],
        requirements: list[Requirement],
        status: str,
        horizon: date | None,
        ordering: str,
        provider_count: Callable[[], int] | None = None,
    ):
        self.today = today
        self.providers = providers
        self.provider_count = provider_count or providers.count
        self.requirements = {r.pk: r for r in requirements}
        self.status = status
        self.horizon = horizon
        self.ordering = SORTS.get(ordering, SORTS["provider"])
        self._count = None

    def _held(self) -> QuerySet[ProviderCheck]:
        return (
            ProviderCheck.objects.active()
            .filter(
                provider__in=self.providers.order_by().values("pk"), requirement__in=list(self.requirements)
            )
            .annotate(effective=_effective_status(self.today))
        )

    def count(self) -> int:
        """Counted from the checks alone: a row without an active check is not provided."""
        if self._count is None:
            if not self.requirements:
                self._count = 0
            elif self.status == CheckStatus.NOT_PROVIDED or not (self.status or self.horizon):
                every = self.provider_count() * len(self.requirements)
                if self.horizon:
                    self._count = 0
                elif self.status:
                    self._count = every - self._held().count()
                else:
                    self._count = every
            else:
                held = self._held()
                if self.status:
                    held = held.filter(effective=self.status)
                if self.horizon:
                    held = held.filter(status__in=LIVE, expires_on__lte=self.horizon)
                self._count = held.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop = index.start or 0, index.stop
            return self._build(self._keys(start, None if stop is None else stop - start))
        return self[index : index + 1][0]

    def __iter__(self):
        return iter(self._build(self._keys(0, None)))

    def _keys(self, offset: int, limit: int | None) -> list[tuple[int, int, int | None]]:
        if not self.requirements or limit == 0:
            return []
        scope_sql, scope_params = self.providers.order_by().values("pk", "name").query.sql_with_params()
        params = [*scope_params, self.today]  # in the order they appear in the SQL below
        shown = "scope"
        if self.ordering == SORTS["provider"] and not (self.status or self.horizon) and limit is not None:
            # Sorted by provider, a page's rows come from the first providers by name (and any sharing the last
            # one's name): the others are left out before the cross join.
            shown = """(SELECT id, name FROM scope
                WHERE name <= COALESCE((SELECT name FROM scope ORDER BY name, id LIMIT 1 OFFSET %s), name))"""
            params.append((offset + limit - 1) // len(self.requirements))
        chosen = ", ".join(["%s"] * len(self.requirements))
        params.extend(self.requirements)
        ranks = " ".join(f"WHEN '{value}' THEN {rank}" for rank, value in enumerate(CheckStatus.values))
        where = []
        if self.status:
            where.append("status = %s")
            params.append(self.status)
        if self.horizon:
            where.append("stored IN (%s, %s) AND expires_on <= %s")
            params.extend([*LIVE, self.horizon])
        sql = f"""
            WITH scope (id, name) AS ({scope_sql}),
            register AS (
                SELECT s.id AS provider_id, s.name AS name, r.id AS requirement_id, r.position AS position,
                    r.title AS title, c.id AS check_id, c.status AS stored, c.expires_on AS expires_on,
                    CASE WHEN c.id IS NULL THEN 'not_provided'
                        WHEN c.status IN ('awaiting', 'verified') AND c.expires_on < %s THEN 'expired'
                        ELSE c.status END AS status
                FROM {shown} s CROSS JOIN {Requirement._meta.db_table} r
                LEFT JOIN {ProviderCheck._meta.db_table} c
                    ON c.provider_id = s.id AND c.requirement_id = r.id AND c.archived_at IS NULL
                WHERE r.id IN ({chosen})
            )
            SELECT provider_id, requirement_id, check_id, CASE status {ranks} END AS status_rank
            FROM register {"WHERE " + " AND ".join(where) if where else ""}
            ORDER BY {self.ordering}"""  # noqa: S608 # nosec B608 # table names, CASE ranks and ORDER BY are the code's own (ordering from SORTS), the scope is the ORM's SQL; every value is a parameter
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params.extend([limit, offset])
        elif offset:
            sql += " LIMIT -1 OFFSET %s" if connection.vendor == "sqlite" else " OFFSET %s"
            params.append(offset)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[:3] for row in cursor.fetchall()]

    def _build(self, keys: list[tuple[int, int, int | None]]) -> list[CheckRow]:
        providers = Organisation.objects.in_bulk({provider_id for provider_id, _, _ in keys})
        checks = ProviderCheck.objects.select_related("submitted_by", "verified_by").in_bulk(
            {check_id for _, _, check_id in keys if check_id}
        )
        rows = []
        for provider_id, requirement_id, check_id in keys:
            check = checks.get(check_id)
            provider, requirement = providers[provider_id], self.requirements[requirement_id]
            if check is not None:
                check.provider, check.requirement = provider, requirement
            rows.append(CheckRow(provider, requirement, check, _status(check, self.today)))
        return rows


def register_rows(
    *,
    today: date,
    status: str = "",
    provider_id: int | None = None,
    requirement_id: int | None = None,
    expiring_within: int | None = None,
    search: str = "",
    ordering: str = "provider",
) -> RegisterRows:
    """Every provider in scope against every requirement, filtered and sorted: a page of it costs the same few
    queries whatever the size (see RegisterRows)."""
    providers = providers_in_scope()
    if provider_id:
        providers = providers.filter(pk=provider_id)
    if search:
        providers = providers.filter(name__icontains=search)
    requirements = [r for r in requirement_list() if not requirement_id or r.pk == requirement_id]
    return RegisterRows(
        today=today,
        providers=providers,
        provider_count=providers.count if provider_id or search else providers_in_scope_count,
        requirements=requirements,
        status=status,
        horizon=today + timedelta(days=expiring_within) if expiring_within is not None else None,
        ordering=ordering,
    )


def status_counts(rows: list[CheckRow]) -> dict[str, int]:
    counts = dict.fromkeys(CheckStatus.values, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def providers_in_scope_count() -> int:
    """How many providers are in scope; kept in the table cache (the unfiltered register's length needs it on every
    view, and on PostgreSQL counting them took 5 ms)."""
    return remember("quality.providers_in_scope_count", lambda: providers_in_scope().count())


def provider_choices() -> list[tuple[int, str]]:
    """(pk, name) of the providers in scope, for the register's filter; kept in the table cache."""
    return remember("quality.provider_choices", lambda: list(providers_in_scope().values_list("pk", "name")))


def provider_options(selected: int | None) -> str:
    """The provider filter's options, rendered (1,500 of them at 10 × a county), kept in the table cache."""
    return remembered_options("quality.providers", provider_choices, selected)


def register_status_counts(*, today: date) -> dict[str, int]:
    """How many of the register's rows (every provider in scope against every requirement) are in each status on
    the day, counted in the database: a row without an active check is not provided. Kept in the table cache for
    the day until a check, requirement, enrolment or agreement changes."""
    return remember(f"quality.register_status_counts|{today.isoformat()}", lambda: _status_counts(today))


def _status_counts(today: date) -> dict[str, int]:
    providers = providers_in_scope()
    requirements = list(requirement_list().values_list("pk", flat=True))
    held = (
        ProviderCheck.objects.active()
        .filter(provider__in=providers.order_by().values("pk"), requirement__in=requirements)
        .annotate(effective=_effective_status(today))
        .order_by()
        .values_list("effective")
        .annotate(count=Count("pk"))
    )
    counts = dict.fromkeys(CheckStatus.values, 0)
    counts.update(dict(held))
    counts[CheckStatus.NOT_PROVIDED] = providers.count() * len(requirements) - sum(counts.values())
    return counts
