"""Demo: the partnership records where today's practice differs from its source documents."""

from commissioning.frameworks.models import FrameworkItem
from commissioning.frameworks.services import item_vary_locally

LOCAL_VARIATIONS = [
    (
        "gateshead-quality-standards",
        "1",
        "Ensuring that all those working with Children and Young People are checked by the Disclosure and Barring Service (DBS) at the enhanced level with a check "
        "of the children's barred list, are aware of and are applying the relevant safeguarding guidance and "
        "have their own safeguarding policies and procedures in place.",
        "CRB checks were replaced by DBS checks in 2012 (Protection of Freedoms Act 2012).",
    ),
    (
        "compact-values-and-standards",
        "C5",
        "Making payments on time: undisputed invoices are paid within 30 days, as the Procurement Act 2023 "
        "requires, and within the agreed time periods (in advance, 15th working day of the month, in arrears).",
        "The Procurement Act 2023 implies 30-day payment terms into public contracts.",
    ),
]


def load(context) -> None:
    for slug, ref, text, note in LOCAL_VARIATIONS:
        item = FrameworkItem.objects.filter(framework__slug=slug, ref=ref).first()
        if item is None or item.local_text:
            continue  # library not loaded yet, or the variation is already recorded
        item_vary_locally(
            actor=context.actor, item=item, local_text=text, local_note=note, expected_version=None
        )
