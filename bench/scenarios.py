"""What the benchmarks time: the pages people use most, their API twins and exports, each as the user who uses it,
on the busiest records of the seeded partnership."""

from dataclasses import dataclass

from django.db.models import Count


@dataclass(frozen=True)
class Scenario:
    name: str
    url: str
    username: str
    kind: str = "page"  # page, api, export, reference
    key: bool = True  # held to the targets
    compare: str = ""  # "admin": also held to Django admin's changelist


COMMISSIONER = "scale-commissioner-001"
MONITORING = "scale-monitoring-officer-001"
CONTRACTS = "scale-contracts-manager-001"
PROCUREMENT = "scale-procurement-manager-001"
PARTNERSHIP = "scale-partnership-manager-001"
ADMINISTRATOR = "scale-administrator-001"
PROVIDER = "scale-provider-user-001"


def busiest() -> dict:
    """The records with the most under them, by kind: the pages that are timed, and checked for bounded queries."""
    from commissioning.contracts.models import Agreement
    from commissioning.cycle.models import CommissioningActivity
    from commissioning.governance.models import Meeting
    from commissioning.monitoring.models import ReturnPeriod
    from commissioning.needs.models import Area, Indicator
    from commissioning.organisations.models import Membership
    from commissioning.procurement.models import Procurement

    agreement = (
        Agreement.objects.filter(reference__startswith="CON-", status="live")
        .annotate(periods=Count("return_periods"))
        .order_by("-periods", "pk")
        .first()
    )
    period = (
        ReturnPeriod.objects.filter(agreement=agreement, returns__isnull=False).order_by("-starts_on").first()
    )
    return {
        "agreement": agreement,
        "period": period,
        "activity": CommissioningActivity.objects.filter(kind="tender")
        .annotate(n=Count("procurements"))
        .order_by("-n", "pk")
        .first(),
        "procurement": Procurement.objects.filter(status="awarded")
        .annotate(n=Count("bids"))
        .order_by("-n", "pk")
        .first(),
        "indicator": Indicator.objects.filter(code__startswith="scale-").order_by("code").first(),
        "area": Area.objects.filter(area_type="local_authority", end_date__isnull=True)
        .order_by("code")
        .first(),
        "provider": Membership.objects.select_related("organisation")
        .get(user__username=PROVIDER)
        .organisation,
        "meeting": Meeting.objects.annotate(n=Count("agenda_items")).order_by("-n", "-held_on").first(),
    }


def scenarios() -> list[Scenario]:
    b = busiest()
    agreement, activity, procurement = b["agreement"], b["activity"], b["procurement"]
    indicator, area = b["indicator"], b["area"]
    return [
        Scenario("floor", "/bench/floor/", COMMISSIONER, "reference", key=False),
        Scenario(
            "admin changelist (agreements)",
            "/bench/admin/contracts/agreement/",
            "bench-admin",
            "reference",
            key=False,
        ),
        # Dashboards
        Scenario("home dashboard", "/", COMMISSIONER),
        Scenario("monitoring dashboard", "/monitoring/", MONITORING),
        Scenario("funding dashboard", "/funding/", "scale-finance-officer-001"),
        Scenario("assurance dashboard", "/assurance/", PARTNERSHIP),
        Scenario("governance dashboard", "/governance/", PARTNERSHIP),
        Scenario("due soon", "/reminders/", MONITORING),
        # Registers
        Scenario("contracts register", "/contracts/", CONTRACTS, compare="admin"),
        Scenario("contracts register, searched", "/contracts/?q=Family&status=live", CONTRACTS),
        Scenario("contracts register, last page", "/contracts/?page=last", CONTRACTS),
        Scenario("contract alerts", "/contracts/alerts/", CONTRACTS),
        Scenario("payments compliance", "/contracts/payments-compliance/", CONTRACTS),
        Scenario("provider's own returns", "/monitoring/returns/", PROVIDER),
        Scenario("activities", "/activities/", COMMISSIONER),
        Scenario("procurements", "/procurement/", PROCUREMENT),
        Scenario("service register", "/services/", COMMISSIONER),
        Scenario("gaps and overlaps", "/services/gaps/", COMMISSIONER),
        Scenario("market analysis", "/services/market/", COMMISSIONER),
        Scenario("organisations", "/organisations/", ADMINISTRATOR),
        Scenario("indicators catalogue", "/needs/indicators/", COMMISSIONER),
        Scenario("provider checks", "/assurance/provider-checks/", PARTNERSHIP),
        Scenario("decision log", "/governance/decisions/", PARTNERSHIP),
        Scenario("action plan", "/governance/actions/", PARTNERSHIP),
        # Record pages
        Scenario("contract record", f"/contracts/{agreement.pk}/", CONTRACTS),
        Scenario("contract monitoring", f"/monitoring/agreements/{agreement.pk}/", MONITORING),
        Scenario("return period", f"/monitoring/periods/{b['period'].pk}/", MONITORING),
        Scenario("activity record", f"/activities/{activity.pk}/", COMMISSIONER),
        Scenario("procurement record", f"/procurement/{procurement.pk}/", PROCUREMENT),
        Scenario("procurement ranking", f"/procurement/{procurement.pk}/ranking/", PROCUREMENT),
        Scenario("contract history", f"/contracts/{agreement.pk}/history/", CONTRACTS),
        # Benchmarks
        Scenario("indicator", f"/needs/indicators/{indicator.code}/", COMMISSIONER),
        Scenario(
            "benchmark page", f"/needs/indicators/{indicator.code}/benchmark/?area={area.code}", COMMISSIONER
        ),
        # Provider portal
        Scenario("provider portal", "/procurement/portal/", PROVIDER),
        Scenario(
            "provider's own checks", f"/assurance/provider-checks/providers/{b['provider'].pk}/", PROVIDER
        ),
        # API
        Scenario("API agreements", "/api/v1/agreements/", CONTRACTS, "api"),
        Scenario("API monitoring returns", "/api/v1/monitoring/returns/", MONITORING, "api"),
        Scenario(
            "API indicator values",
            f"/api/v1/indicator-values/?indicator={indicator.code}",
            COMMISSIONER,
            "api",
        ),
        Scenario("API services", "/api/v1/services/", COMMISSIONER, "api"),
        Scenario("API procurements", "/api/v1/procurements/", PROCUREMENT, "api"),
        Scenario(
            "API benchmark",
            f"/api/v1/indicators/{indicator.code}/benchmark/?area={area.code}",
            COMMISSIONER,
            "api",
        ),
        # Exports
        Scenario("contracts register CSV", "/contracts/?format=csv", CONTRACTS, "export", key=False),
        Scenario("service register CSV", "/services/?format=csv", COMMISSIONER, "export", key=False),
    ]
