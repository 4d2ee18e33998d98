"""The start-procurement gate's condition "A service specification is attached": met by an approved
specification built here, or by the step evidence marked "Service specification" as before."""

from commissioning.cycle import gates
from commissioning.cycle.models import DocumentType, GateCondition, StepEvidence

MESSAGE = (
    'Attach the service specification to a step, as evidence marked "Service specification", '
    "or approve a service specification for this activity in Service specifications."
)


def specification_check(activity, step_number) -> str | None:
    from commissioning.procurement.specifications.models import Specification

    if Specification.objects.active().filter(activity=activity, approved_number__isnull=False).exists():
        return None
    if (
        StepEvidence.objects.active()
        .filter(step__activity=activity, document_type=DocumentType.SERVICE_SPECIFICATION)
        .exists()
    ):
        return None
    return MESSAGE


def register_check() -> None:
    gates.register(GateCondition.SPECIFICATION)(specification_check)
