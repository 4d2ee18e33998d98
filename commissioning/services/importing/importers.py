"""Import of the service register from CSV or Excel: every row is checked first, every problem is reported with
its row, column and reason, and nothing is written unless the whole file is valid. Services are matched on their
reference, so importing the same file again updates them and never makes duplicates."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.importing import formula_reason
from commissioning.cycle.models import Level, ServiceArea, Tier
from commissioning.needs.models import Area, AreaType
from commissioning.organisations.models import Organisation
from commissioning.services import services
from commissioning.services.importing.readers import HEADING_OF, Problem, ServiceFileError, read_rows
from commissioning.services.models import MAX_AGE, SecuredBy, Service, ServiceStatus, TargetGroup
from commissioning.services.selectors import ecm_outcomes, open_priorities

WHOLE_AREA_WORDS = {"wholearea", "whole", "all", "allareas", "alllocalities", "countywide", "boroughwide"}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
MAX_COST = Decimal("9999999999.99")


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _choices(choices) -> dict[str, str]:
    found = {}
    for value, label in choices:
        found[_key(value)] = value
        found[_key(label)] = value
    return found


CHOICES = {
    "service_area": _choices(ServiceArea.choices),
    "tier": _choices(Tier.choices),
    "level": _choices(Level.choices)
    | {"operational": Level.OPERATIONAL_LOCAL, "local": Level.OPERATIONAL_LOCAL},
    "secured_by": _choices(SecuredBy.choices)
    | {"inhouse": SecuredBy.IN_HOUSE, "spot": SecuredBy.SPOT_PURCHASE},
    "status": _choices(ServiceStatus.choices),
}
TARGET_GROUPS = _choices(TargetGroup.choices)


@dataclass
class PlannedRow:
    number: int
    reference: str
    name: str
    data: dict
    localities: list
    outcomes: list
    priorities: list
    existing: Service | None = None

    @property
    def action(self) -> str:
        return "Update" if self.existing else "Add"


@dataclass
class ImportReport:
    rows: list[PlannedRow] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def to_add(self) -> int:
        return sum(1 for row in self.rows if not row.existing)

    @property
    def to_update(self) -> int:
        return sum(1 for row in self.rows if row.existing)

    def summary(self) -> str:
        return f"Services: {len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged."


class _Lookups:
    """Everything a row may refer to, loaded once for the whole file."""

    def __init__(self):
        self.organisations: dict[str, list[Organisation]] = {}
        for organisation in Organisation.objects.all():
            keys = {_key(organisation.name)}
            keys |= {
                _key(number)
                for number in (
                    organisation.companies_house_number,
                    organisation.charity_number,
                    organisation.other_identifier,
                )
                if number
            }
            for key in keys:
                self.organisations.setdefault(key, []).append(organisation)
        self.localities: dict[str, Area] = {}
        for area in Area.objects.filter(area_type=AreaType.LOCALITY):
            self.localities[_key(area.name)] = area
            self.localities[_key(area.code)] = area
        self.outcomes = {}
        for item in ecm_outcomes().select_related("framework"):
            self.outcomes[_key(item.ref)] = item
            self.outcomes[_key(item.title)] = item
        self.priorities: dict[str, list] = {}
        for priority in open_priorities():
            self.priorities.setdefault(_key(priority.title), []).append(priority)
        self.existing = {service.reference: service for service in Service.objects.all()}


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


def _organisation(text: str, lookups: _Lookups) -> Organisation:
    matches = lookups.organisations.get(_key(text), [])
    if not matches:
        raise ValueError(f"no organisation is called or numbered “{text}”")
    if len(matches) > 1:
        raise ValueError(f"“{text}” matches {' and '.join(o.name for o in matches)}; use the name")
    return matches[0]


def _money(text: str) -> Decimal | None:
    if not text:
        return None
    cleaned = text.replace("£", "").replace(",", "").replace(" ", "")
    if not re.fullmatch(r"\d+(\.\d{1,2})?", cleaned):
        if re.fullmatch(r"-\d+(\.\d+)?", cleaned):
            raise ValueError("the annual cost cannot be negative")
        if re.fullmatch(r"\d+\.\d{3,}", cleaned):
            raise ValueError("enter pounds and pence, with at most 2 decimal places")
        raise ValueError(f"“{text}” is not an amount of money: enter pounds like 125000 or £125,000.50")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"“{text}” is not an amount of money") from exc
    if value > MAX_COST:
        raise ValueError("the annual cost is too large")
    return value


def _whole_number(text: str, *, maximum: int | None = None) -> int | None:
    if not text:
        return None
    if not re.fullmatch(r"\d+", text.replace(",", "")):
        raise ValueError(f"“{text}” is not a whole number")
    value = int(text.replace(",", ""))
    if maximum is not None and value > maximum:
        raise ValueError(f"enter a number from 0 to {maximum}")
    return value


class _RowReader:
    """Reads one row into the service's data, noting every problem with its row and column."""

    def __init__(self, file_row, lookups: _Lookups, problems: list[Problem]):
        self.values, self.number, self.lookups, self.problems = (
            file_row.values,
            file_row.number,
            lookups,
            problems,
        )
        self.data: dict = {}

    def problem(self, key: str, reason: str) -> None:
        self.problems.append(Problem(reason, row=self.number, column=HEADING_OF.get(key, key)))

    def text(self, key: str) -> str:
        return self.values.get(key, "").strip()

    def free_text(self, key: str) -> str:
        """Text kept as it is written; refused when a spreadsheet would run it as a formula."""
        if reason := formula_reason(self.text(key)):
            self.problem(key, reason)
        return self.text(key)

    def required(self, key: str, reason: str) -> str:
        if not self.text(key):
            self.problem(key, reason)
        return self.text(key)

    def parse(self, key: str, parser, default=None):
        try:
            return parser(self.text(key))
        except ValueError as exc:
            self.problem(key, str(exc))
            return default

    def read_details(self) -> None:
        data, text = self.data, self.text
        data["reference"] = self.required("reference", "enter the reference")
        data["name"] = self.required("name", "enter the name") and self.free_text("name")
        data["description"] = self.free_text("description")
        data["capacity_unit"] = self.free_text("capacity_unit")
        if self.required("provider", "enter the provider's name or number"):
            data["provider"] = self.parse("provider", lambda t: _organisation(t, self.lookups))
        data["commissioner"] = (
            self.parse("commissioner", lambda t: _organisation(t, self.lookups))
            if text("commissioner")
            else None
        )
        for key, choices in CHOICES.items():
            raw = self.required(key, f"enter the {HEADING_OF[key].lower()}")
            if raw and choices.get(_key(raw)) is None:
                self.problem(key, f"“{raw}” is not a {HEADING_OF[key].lower()} the register knows")
            data[key] = choices.get(_key(raw))
        groups = [(part, TARGET_GROUPS.get(_key(part))) for part in _split(text("target_groups"))]
        for part, code in groups:
            if code is None:
                self.problem("target_groups", f"“{part}” is not a target group the register knows")
        data["target_groups"] = [code for _, code in groups if code]

    def read_figures(self) -> None:
        data = self.data
        for key in ("age_from", "age_to"):
            if self.required(key, f"enter the {HEADING_OF[key].lower()} in years"):
                data[key] = self.parse(key, lambda t: _whole_number(t, maximum=MAX_AGE))
        for key in ("capacity", "current_use"):
            data[key] = self.parse(key, _whole_number)
        if (
            data.get("age_from") is not None
            and data.get("age_to") is not None
            and data["age_from"] > data["age_to"]
        ):
            self.problem("age_to", f"the age range runs backwards: {data['age_from']} to {data['age_to']}")
        data["annual_cost"] = self.parse("annual_cost", _money)
        single = self.text("single_provider_only").lower()
        if single not in YES | NO:
            self.problem("single_provider_only", f"“{self.text('single_provider_only')}” is not Yes or No")
        data["single_provider_only"] = single in YES

    def _lookup(self, key: str, table: dict, reason: str) -> list:
        found = []
        for part in _split(self.text(key)):
            match = table.get(_key(part))
            if match is None:
                self.problem(key, reason.format(part))
            else:
                found.append(match)
        return found

    def read_links(self) -> tuple[list, list, list]:
        places = _split(self.text("localities"))
        self.data["covers_whole_area"] = len(places) == 1 and _key(places[0]) in WHOLE_AREA_WORDS
        localities = []
        if not places:
            self.problem("localities", "enter Whole area, or the localities it serves")
        elif not self.data["covers_whole_area"]:
            localities = self._lookup(
                "localities", self.lookups.localities, "“{}” is not a locality the register knows"
            )
        outcomes = self._lookup(
            "outcomes", self.lookups.outcomes, "“{}” is not an Every Child Matters outcome (ECM1 to ECM5)"
        )
        matches = self._lookup(
            "priorities", self.lookups.priorities, "no open needs analysis has the priority “{}”"
        )
        for found in matches:
            if len(found) > 1:
                self.problem(
                    "priorities", f"“{found[0].title}” is a priority of more than one needs analysis"
                )
        return localities, outcomes, [found[0] for found in matches]


def _plan_row(file_row, lookups: _Lookups, problems: list[Problem]) -> PlannedRow | None:
    before = len(problems)
    reader = _RowReader(file_row, lookups, problems)
    reader.read_details()
    reader.read_figures()
    localities, outcomes, priorities = reader.read_links()
    if len(problems) > before:
        return None
    reference = reader.data["reference"].upper()
    existing = lookups.existing.get(reference)
    if existing is not None and existing.is_archived:
        reader.problem(
            "reference", f"the service {reference} is archived; restore it before importing it again"
        )
        return None
    return PlannedRow(
        number=file_row.number,
        reference=reference,
        name=reader.data["name"],
        data=reader.data,
        localities=localities,
        outcomes=outcomes,
        priorities=priorities,
        existing=existing,
    )


def _check_rules(planned: PlannedRow, problems: list[Problem]) -> None:
    """The register's own rules (the same as the add and change pages), on a copy that is never saved."""
    if planned.existing is not None:
        service = Service.objects.get(pk=planned.existing.pk)
        for name, value in services.normalise_service_data(planned.data).items():
            setattr(service, name, value)
    else:
        service = Service(**services.normalise_service_data(planned.data))
    try:
        services.check_service(
            service, localities=planned.localities, outcomes=planned.outcomes, priorities=planned.priorities
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                problems.append(Problem(message, row=planned.number, column=HEADING_OF.get(name, "")))


def plan_import(content: bytes, *, file_name: str = "") -> ImportReport:
    """Check a whole file without writing anything. Raises ServiceFileError listing every problem."""
    file_rows = read_rows(content, file_name=file_name)
    lookups = _Lookups()
    problems: list[Problem] = []
    report = ImportReport()
    first_row: dict[str, int] = {}
    for file_row in file_rows:
        reference = file_row.values.get("reference", "").strip().upper()
        if reference and reference in first_row:
            problems.append(
                Problem(
                    f"the reference {reference} is also on row {first_row[reference]}; each service once",
                    row=file_row.number,
                    column="Reference",
                )
            )
            continue
        if reference:
            first_row[reference] = file_row.number
        planned = _plan_row(file_row, lookups, problems)
        if planned is not None:
            _check_rules(planned, problems)
            report.rows.append(planned)
    if problems:
        raise ServiceFileError(problems, file_name=file_name)
    return report


@transaction.atomic
def services_import(*, actor, content: bytes, file_name: str = "") -> ImportReport:
    """Check the whole file, then add new services and update changed ones. All or nothing."""
    report = plan_import(content, file_name=file_name)
    for planned in report.rows:
        related = {
            "localities": planned.localities,
            "outcomes": planned.outcomes,
            "priorities": planned.priorities,
        }
        label = f"{planned.reference} {planned.name}"
        try:
            if planned.existing is None:
                services.service_create(actor=actor, data=planned.data, **related)
                report.added.append(label)
            else:
                service = services.service_update(
                    actor=actor, service=planned.existing, data=planned.data, expected_version=None, **related
                )
                (report.updated if service.changed else report.unchanged).append(label)
        except ValidationError as exc:
            problems = [Problem(message, row=planned.number) for message in exc.messages]
            raise ServiceFileError(problems, file_name=file_name) from exc
    return report
