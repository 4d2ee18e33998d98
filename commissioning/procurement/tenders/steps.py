"""The eleven procurement steps of the council's framework, read from the framework library."""

from commissioning.frameworks.models import FrameworkItem

STEPS_FRAMEWORK = "wolverhampton-procurement-steps"


def procurement_steps() -> list[tuple[int, str, FrameworkItem]]:
    """(number, title, library item) for each step; empty when the library is not loaded."""
    items = FrameworkItem.objects.filter(framework__slug=STEPS_FRAMEWORK, kind="step").select_related(
        "framework"
    )
    steps = []
    for item in items:
        if item.ref.isdigit():
            steps.append((int(item.ref), item.title, item))
    return sorted(steps, key=lambda step: step[0])
