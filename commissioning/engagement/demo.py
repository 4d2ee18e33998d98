"""Demo: involvement in the Brackenshire partnership's commissioning. The council's reward and recognition
policy, a young carers' panel (the demo panel member belongs to it) that sat on the early help tender panel,
parents and carers in co-design, the voluntary sector forum consulted, disabled children and their parents on
the short breaks grant round (feedback still owed), and two consultations: one open now, one closed with its
summary published and what changed. Does nothing without the demo activities, and nothing again once the
panel exists."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from commissioning.cycle.models import CommissioningActivity
from commissioning.engagement import services
from commissioning.engagement.models import Panel, SupportType

PANEL = "Young carers' panel"
EARLY_HELP = "Early help family support redesign"
SEND = "SEND short breaks grant round"
MENTAL_HEALTH = "Children's emotional wellbeing and mental health strategy"

SUPPORT = [
    (
        "Childcare",
        "Childcare for parents and carers while they take part, paid to a registered provider.",
        "12.50",
        "per hour",
    ),
    ("Travel expenses", "Bus fares or mileage to and from the session.", "0.45", "per mile"),
    ("Venue", "A free, accessible venue at a time that suits the group.", "0", ""),
    ("Refreshments", "Food and drinks at sessions over an hour.", "5.00", "per person"),
    (
        "Voucher for young people's time",
        "A shopping voucher for each session a young person takes part in.",
        "15.00",
        "per session",
    ),
]

INVOLVEMENT = [
    {
        "activity": EARLY_HELP,
        "step": 3,
        "title": "Parents and carers co-design the family support offer",
        "method": "co_design",
        "took_place_on": date(2026, 5, 14),
        "counts": {"parents": 11, "practitioners": 4},
        "summary": "Three evening workshops at two children's centres. Parents asked for one named worker, "
        "help at weekends and no repeat assessments.",
        "support": ["Childcare", "Refreshments", "Venue"],
        "support_cost": "486.00",
        "feedback": "You said you wanted one named worker: the new service gives every family a lead "
        "practitioner. You said weekends mattered: the specification asks for Saturday sessions.",
        "feedback_given_on": date(2026, 7, 2),
    },
    {
        "activity": EARLY_HELP,
        "step": 3,
        "title": "Voluntary sector forum consulted on the redesign",
        "method": "consultation",
        "took_place_on": date(2026, 6, 4),
        "counts": {"vcs": 14},
        "summary": "The children and young people's voluntary sector forum discussed the draft model and the "
        "size of the lots.",
        "support": ["Venue"],
        "feedback": "You said the lots were too large for local groups: the tender has two smaller locality lots.",
        "feedback_given_on": date(2026, 7, 20),
    },
    {
        "activity": EARLY_HELP,
        "step": 4,
        "title": "Parent representatives at the early help partnership board",
        "method": "board",
        "took_place_on": date(2026, 7, 8),
        "counts": {"parents": 2},
        "in_decision": True,
        "summary": "Two parent representatives took part in the board's decision on the priorities for the "
        "redesign.",
        "support": ["Travel expenses"],
        "support_cost": "18.90",
        "feedback": "The board agreed the priorities you argued for: weekend help and fewer assessments.",
        "feedback_given_on": date(2026, 7, 22),
    },
    {
        "activity": EARLY_HELP,
        "step": 7,
        "title": "Young carers on the tender panel",
        "method": "tender_panel",
        "took_place_on": date(2026, 10, 6),
        "counts": {"young_carers": 4},
        "panel": PANEL,
        "in_decision": True,
        "summary": "Four young carers set and scored one question with the bidders at interview; their scores "
        "counted for 10% of the quality score.",
        "support": ["Voucher for young people's time", "Travel expenses", "Refreshments"],
        "support_cost": "132.00",
        "training": "Half-day training on being a tender panel member, with a certificate from the youth service.",
        "accredited": True,
        "feedback": "You said the bidders should show how they would help young carers at school. The winning "
        "bidder will run a young carers' drop-in at two secondary schools.",
        "feedback_given_on": date(2026, 11, 10),
    },
    {
        "activity": SEND,
        "step": 1,
        "title": "Disabled children and parents on short breaks outcomes",
        "method": "consultation",
        "took_place_on": date(2026, 9, 12),
        "counts": {"disabled": 9, "sen": 6, "parents": 15},
        "summary": "A family fun day with activities for children and a survey for parents about which short "
        "breaks help most.",
        "support": ["Venue", "Refreshments"],
        "support_cost": "220.00",
    },
    {
        "activity": MENTAL_HEALTH,
        "step": 5,
        "title": "Young people shape the emotional wellbeing offer in schools",
        "method": "co_design",
        "took_place_on": date(2026, 3, 18),
        "counts": {"children": 22, "looked_after": 3},
        "in_decision": True,
        "summary": "The youth council chose between three models of school-based support; the strategy adopts the "
        "one they chose.",
        "support": ["Voucher for young people's time", "Refreshments"],
        "support_cost": "400.00",
        "feedback": "You chose drop-in support in every secondary school. It is in the strategy from September.",
        "feedback_given_on": date(2026, 5, 1),
    },
]


def load(context) -> None:
    users = context.records.get("users", {})
    commissioner, panel_member = users.get("commissioner"), users.get("panel")
    if commissioner is None or Panel.objects.filter(name=PANEL).exists():
        return
    activities = {
        a.title: a for a in CommissioningActivity.objects.filter(title__in=[EARLY_HELP, SEND, MENTAL_HEALTH])
    }
    if len(activities) < 3:
        return
    manager = users.get("partnership", commissioner)
    for name, description, rate, unit in SUPPORT:
        if not SupportType.objects.filter(name=name).exists():
            services.support_type_save(
                actor=manager,
                data={"name": name, "description": description, "rate": Decimal(rate), "unit": unit},
            )
    support = {s.name: s for s in SupportType.objects.all()}
    panel = services.panel_save(
        actor=manager,
        data={"name": PANEL, "description": "Young carers aged 12 to 18 who take part in commissioning."},
        members=[panel_member] if panel_member else [],
    )
    for spec in INVOLVEMENT:
        data = {
            "title": spec["title"],
            "method": spec["method"],
            "took_place_on": spec["took_place_on"],
            "summary": spec["summary"],
            "in_decision": spec.get("in_decision", False),
            "panel": panel if spec.get("panel") else None,
            "support_cost": Decimal(spec.get("support_cost", "0")),
            "training": spec.get("training", ""),
            "accredited": spec.get("accredited", False),
            "feedback": spec.get("feedback", ""),
            "feedback_given_on": spec.get("feedback_given_on"),
        }
        services.involvement_create(
            actor=commissioner,
            activity=activities[spec["activity"]],
            step=spec["step"],
            data=data,
            counts=spec["counts"],
            support_types=[support[name] for name in spec["support"]],
        )
    today = timezone.localdate()
    services.consultation_create(
        actor=commissioner,
        data={
            "title": "Short breaks for disabled children: what should the grants fund?",
            "activity": activities[SEND],
            "owner": commissioner,
            "purpose": "To decide what the short breaks grant round should fund from next April.",
            "audience": "Disabled children and young people, their parents and carers, and voluntary organisations "
            "that run short breaks.",
            "includes_voluntary_sector": True,
            "open_to_young_people": True,
            "question": "What would make short breaks better for you?",
            "starts_on": today - timedelta(days=20),
            "ends_on": today + timedelta(days=69),
            "channels": "Online survey, two family events, the parent carer forum and the voluntary sector forum.",
        },
    )
    services.consultation_create(
        actor=commissioner,
        data={
            "title": "Early help family support: the new model",
            "activity": activities[EARLY_HELP],
            "owner": commissioner,
            "purpose": "To test the proposed early help family support model before the tender.",
            "audience": "Families, practitioners and voluntary and community organisations.",
            "includes_voluntary_sector": True,
            "starts_on": date(2026, 4, 1),
            "ends_on": date(2026, 6, 30),
            "channels": "Online survey, children's centre sessions and the voluntary sector forum.",
            "responses_summary": "214 responses: 162 from families, 31 from practitioners and 21 from "
            "organisations. Most wanted one named worker and help at weekends.",
            "what_changed": "The model gives each family a lead practitioner, adds Saturday sessions and splits "
            "the tender into two locality lots so that local groups can bid.",
            "published_summary": "We asked families, practitioners and voluntary organisations about the new "
            "early help family support model. 214 people and organisations answered. You asked for one named "
            "worker, help at weekends and lots small enough for local groups. The new service does all three.",
            "published_on": date(2026, 8, 3),
        },
    )
