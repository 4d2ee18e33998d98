"""What every part of the scale seeder shares: the factor, a seeded random generator, the anchor date, and
bulk inserts that return the saved rows."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

BATCH = 2000

PLACES = [
    "Ashby", "Barrowden", "Calderbank", "Dunmere", "Elmstead", "Fernley", "Glenholme", "Hartwell", "Ivybridge",
    "Kestermoor", "Larkhill", "Millbrook", "Northcote", "Oakhampton", "Pennington", "Queensbury", "Ravensdale",
    "Southwold", "Thornbury", "Upton", "Valemount", "Westerleigh", "Yarrowby", "Ambleford", "Brookfield",
    "Coldharbour", "Deepdale", "Eastwick", "Foxton", "Greenhill", "Highcliffe", "Kingsmead", "Longridge",
    "Marshfield", "Netherby", "Orchardleigh", "Pinewood", "Redbrook", "Stonebridge", "Tidewater",
]  # fmt: skip
PROVIDER_NOUNS = [
    "Family Support", "Youth Trust", "Children's Services", "Community Care", "Young Carers", "Parenting",
    "Mentoring", "Play and Learning", "Foster Care", "Children's Homes", "Wellbeing", "Advocacy",
    "Short Breaks", "Early Years", "Youth Work", "Counselling", "Family Hubs", "Inclusion", "Therapies",
    "Outreach",
]  # fmt: skip
LEGAL_FORMS = [
    ("CIC", "company", "social_enterprise"),
    ("Ltd", "company", "private"),
    ("Trust", "voluntary_community_faith", "voluntary_community_faith"),
    ("Network", "voluntary_community_faith", "voluntary_community_faith"),
    ("Partnership", "voluntary_community_faith", "voluntary_community_faith"),
    ("Group Ltd", "company", "private"),
]
SERVICE_AREAS = [
    "early_help", "send", "mental_health", "looked_after", "youth_justice", "family_support", "public_health",
]  # fmt: skip
SERVICE_NAMES = {
    "early_help": ["Early help family support", "Family hub outreach", "Parenting programme"],
    "send": ["Short breaks for disabled children", "SEND information and advice", "Specialist play scheme"],
    "mental_health": [
        "Counselling in schools",
        "Emotional wellbeing service",
        "Online counselling for teens",
    ],
    "looked_after": ["Independent fostering", "Residential children's homes", "Care leavers' mentoring"],
    "youth_justice": ["Youth offending prevention", "Restorative justice", "Knife crime outreach"],
    "family_support": ["Young carers' support", "Domestic abuse support for children", "Family mediation"],
    "public_health": ["School nursing", "Health visiting", "Healthy weight programme"],
}
SENTENCES = [
    "Families told us they want one place to ask for help.",
    "Referrals rose over the year, most of them from schools.",
    "The service met its targets for reach but not for outcomes.",
    "Waiting times fell after the second locality team started.",
    "Young people asked for sessions after school and at weekends.",
    "Take-up is lower in the rural wards, where transport is a barrier.",
    "The provider works closely with the family hubs and health visitors.",
    "Outcomes were measured at the start and the end of support.",
    "The needs analysis shows a rising number of children in need.",
    "Partners agreed to align their budgets for the next three years.",
]


def words(rng: random.Random, count: int = 2) -> str:
    return " ".join(rng.sample(SENTENCES, count))


@dataclass
class Scale:
    """One run of the seeder: how big, from which seed, dated from which day."""

    factor: float
    seed: int = 1
    anchor: date = field(default_factory=timezone.localdate)
    rng: random.Random = field(init=False)
    records: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def n(self, per_county: float, minimum: int = 1) -> int:
        """How many records of a kind a county has, times the factor."""
        return max(minimum, round(per_county * self.factor))

    def day(self, offset_days: int) -> date:
        return self.anchor + timedelta(days=offset_days)

    def moment(self, offset_days: int, hour: int = 10) -> datetime:
        return timezone.make_aware(datetime.combine(self.day(offset_days), time(hour)))

    def money(self, low: int, high: int) -> Decimal:
        return Decimal(self.rng.randrange(low, high) * 100)

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def bulk(self, model, rows: list) -> list:
        """Insert the rows in batches; returns them with their primary keys, and each with `seed_number`, its
        place among them. Choices made from a row use its seed_number, never its primary key: keys depend on
        what the database handed out before (PostgreSQL's sequences do not roll back), and the data must depend
        on the seed alone."""
        saved = model.objects.bulk_create(rows, batch_size=BATCH)
        for number, row in enumerate(saved):
            row.seed_number = number
        label = f"{model._meta.app_label}.{model.__name__}"
        self.counts[label] = self.counts.get(label, 0) + len(saved)
        return saved
