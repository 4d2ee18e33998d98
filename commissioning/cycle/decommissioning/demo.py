"""Demo: under the early help redesign, the family support outreach service is to stop, with less notice to
its provider than the Compact asks for (so its page shows the warning)."""

from datetime import date

from commissioning.cycle.decommissioning.services import decommissioning_create, decommissioning_set_status
from commissioning.cycle.models import DecommissioningStatus

REDESIGN = "Early help family support redesign"
PROVIDER = "Brightpath Family Support CIC"
SERVICE = "Family support outreach service"


def load(context) -> None:
    activity = context.records.get("activities", {}).get(REDESIGN)
    provider = context.records["organisations"].get(PROVIDER)
    commissioner = context.records["users"]["commissioner"]
    if activity is None or activity.decommissionings.filter(service_name=SERVICE).exists():
        return
    record = decommissioning_create(
        actor=commissioner,
        activity=activity,
        data={
            "service_name": SERVICE,
            "provider": provider,
            "lead": commissioner,
            "rationale": "The redesign brings family support into locality teams around the family. The "
            "outreach service, commissioned on its own with a separate referral route, stops when the locality "
            "teams start on 1 April 2027.",
            "evidence": "The 2025/26 review of early help family support: a third of referrals to the outreach "
            "service never started, and families were passed between three services.",
            "stakeholder_involvement": "Parents and young carers in four focus groups; the provider's staff and "
            "trustees; the integrated care board and schools through the Commissioning Group.",
            "impact_assessment": "About 240 families use the service each year, most with children under 11. "
            "Families in the two rural localities travel furthest to the new teams.",
            "people_affected": 240,
            "consultation_start": date(2026, 9, 1),
            "consultation_end": date(2026, 11, 30),
            "notice_date": date(2027, 1, 4),
            "end_date": date(2027, 3, 31),
            "transition_plan": "Each family has a named worker in its locality team before the service ends, "
            "with a joint visit by the outreach worker and the new worker. Open cases transfer in March 2027.",
        },
    )
    decommissioning_set_status(
        actor=commissioner,
        decommissioning=record,
        status=DecommissioningStatus.AGREED,
        expected_version=record.version,
    )
