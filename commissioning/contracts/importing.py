"""Importing a council's contracts spreadsheet (CSV or Excel .xlsx) into the register. Every row is checked
first; any problem and nothing is written. Each problem has its row (as a spreadsheet shows it: the header is row
1), its column and the reason."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.contracts import services
from commissioning.contracts.models import Agreement, AgreementStatus, AgreementType, PaymentBasis
from commissioning.core.audit import created_in_bulk
from commissioning.core.importing import UnreadableFile, csv_rows, decode_text, formula_reason, workbook_rows
from commissioning.organisations.models import Organisation

MAX_ROWS = 5000


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool = False
    hint: str = ""


COLUMNS = [
    Column("reference", "Reference", True, "The contract reference, like CON-2026-014. Unique."),
    Column("title", "Title", True, "What the agreement is for."),
    Column(
        "agreement_type",
        "Type",
        True,
        "Contract, Internal service level agreement, Grant funding agreement, Spot purchase, "
        "Call-off from a framework or Section 75 partnership agreement.",
    ),
    Column("provider", "Provider", True, "The provider's name, Companies House number or charity number."),
    Column(
        "commissioner",
        "Commissioning partner",
        True,
        "The partner's name, Companies House number or charity number.",
    ),
    Column("annual_value", "Annual value", True, "Pounds, like 120000 or £120,000.50."),
    Column("whole_life_value", "Whole-life value", True, "Pounds, over the whole term with every extension."),
    Column("starts_on", "Start date", True, "Like 2026-04-01 or 01/04/2026."),
    Column("ends_on", "End date", True, "Not before the start date."),
    Column("latest_end_on", "Latest end date", hint="With every extension taken; not before the end date."),
    Column("extension_options", "Extension options", hint="For example: two extensions of 12 months each."),
    Column("status", "Status", hint="Draft, Live, Ended or Terminated; empty means Live."),
    Column(
        "payment_basis",
        "Payment basis",
        hint="Fixed price, Payment by results or Cost and volume; empty means Fixed price.",
    ),
    Column("simplified_terms", "Simplified terms", hint="Yes or No; Yes only under £30,000 whole-life."),
    Column("notice_months", "Notice months", hint="Whole months; empty means 3 (the Compact)."),
    Column("signed_on", "Date signed", hint="Like 2026-03-20."),
    Column("description", "Description", hint="What is delivered, for whom."),
]
HEADINGS = {c.heading.lower(): c.key for c in COLUMNS} | {c.key: c.key for c in COLUMNS}
HEADING_OF = {c.key: c.heading for c in COLUMNS}


@dataclass(frozen=True)
class Problem:
    reason: str
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                f"row {self.row}" if self.row else "",
                f"column {self.column}" if self.column else "",
            )
            if part
        )
        return f"{where[:1].upper()}{where[1:]}: {self.reason}" if where else self.reason


class ContractsFileError(ValidationError):
    """A file that cannot be imported; `problems` lists every problem found. Nothing has been written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__([str(problem) for problem in problems])

    def __str__(self) -> str:
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} found; nothing was imported."]
        return "\n".join(lines + [f"  {problem}" for problem in self.problems])


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, (int, float, Decimal, date)):
        return str(value) if not isinstance(value, date) else value.isoformat()
    return str(value).strip()


def _table(content: bytes, file_name: str) -> list[list]:
    try:
        if file_name.lower().endswith(".xlsx") or content[:4] == b"PK\x03\x04":
            return workbook_rows(content)
        return csv_rows(decode_text(content, save_as="“CSV UTF-8” or as an Excel workbook"))
    except UnreadableFile as exc:
        raise ContractsFileError([Problem(exc.reason, row=exc.row)]) from exc


def read_rows(content: bytes, *, file_name: str = "") -> list[tuple[int, dict[str, str]]]:
    table = _table(content, file_name)
    first = next((n for n, cells in enumerate(table) if any(_cell_text(c) for c in cells)), None)
    if first is None:
        raise ContractsFileError(
            [Problem("the file is empty: it needs a header row and a row for each agreement.")]
        )
    problems, keys, seen = [], [], set()
    for heading in table[first]:
        text = " ".join(_cell_text(heading).replace("_", " ").split()).lower().rstrip("*").strip()
        key = HEADINGS.get(text) or HEADINGS.get(text.replace(" ", "_")) if text else None
        if text and key is None:
            problems.append(
                Problem(
                    f"“{_cell_text(heading)}” is not a known column",
                    row=first + 1,
                    column=_cell_text(heading),
                )
            )
        elif key and key in seen:
            problems.append(
                Problem("the column appears more than once", row=first + 1, column=HEADING_OF[key])
            )
        seen.add(key)
        keys.append(key)
    problems += [
        Problem("the column is missing", row=first + 1, column=c.heading)
        for c in COLUMNS
        if c.required and c.key not in seen
    ]
    if problems:
        raise ContractsFileError(problems)
    rows = []
    for number, cells in enumerate(table[first + 1 :], start=first + 2):
        texts = [_cell_text(cell) for cell in cells]
        if len(texts) > len(keys) and any(texts[len(keys) :]):
            problems.append(Problem("the row has more cells than the header", row=number))
        elif any(texts):
            rows.append((number, {k: t for k, t in zip(keys, texts, strict=False) if k}))
    if problems:
        raise ContractsFileError(problems)
    if not rows:
        raise ContractsFileError([Problem("the file has a header but no agreements.")])
    if len(rows) > MAX_ROWS:
        raise ContractsFileError(
            [Problem(f"the file has {len(rows)} agreements; import at most {MAX_ROWS} at a time.")]
        )
    return rows


def _money(text: str) -> Decimal:
    cleaned = text.replace("£", "").replace(",", "").replace(" ", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"“{text}” is not an amount in pounds, like 120000 or £120,000.50") from exc
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"“{text}” is not an amount in pounds of zero or more")
    if amount >= Decimal("1e12"):
        raise ValueError(f"“{text}” is too large")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"“{text}” has more than 2 decimal places")
    return amount.quantize(Decimal("0.01"))


def _date(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date; enter it like 2026-04-01 or 01/04/2026")


def _choice(text: str, choices, what: str) -> str:
    lowered = text.strip().lower()
    for value, label in choices:
        if lowered in (value.lower(), str(label).lower()):
            return value
    names = ", ".join(str(label) for _, label in choices)
    raise ValueError(f"“{text}” is not a known {what}; use one of: {names}")


class _Organisations:
    def __init__(self):
        self.by_key: dict[str, list[Organisation]] = {}
        for organisation in Organisation.objects.active():
            for key in (organisation.name, organisation.companies_house_number, organisation.charity_number):
                if key:
                    self.by_key.setdefault(key.strip().lower(), []).append(organisation)

    def find(self, text: str, *, provider: bool) -> Organisation:
        found = self.by_key.get(text.strip().lower(), [])
        if not found:
            raise ValueError(
                f"no organisation is called or numbered “{text}”; add it in Organisations or use its exact name, "
                "Companies House number or charity number"
            )
        if len({o.pk for o in found}) > 1:
            raise ValueError(
                f"more than one organisation matches “{text}”; use its Companies House or charity number"
            )
        organisation = found[0]
        if provider and not organisation.is_provider:
            raise ValueError(
                f"{organisation} is not marked as a provider; mark it as one in Organisations first"
            )
        if not provider and not organisation.is_partner:
            raise ValueError(f"{organisation} is not a partner of the partnership")
        return organisation


@dataclass
class ImportPlan:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list, repr=False)

    @property
    def count(self) -> int:
        return len(self.rows)


def _converters(organisations: "_Organisations") -> dict:
    def text(value):
        if reason := formula_reason(value):
            raise ValueError(reason)
        return value

    return {
        "reference": lambda t: text(t).upper(),
        "title": text,
        "agreement_type": lambda t: _choice(t, AgreementType.choices, "type of agreement"),
        "provider": lambda t: organisations.find(t, provider=True),
        "commissioner": lambda t: organisations.find(t, provider=False),
        "annual_value": _money,
        "whole_life_value": _money,
        "starts_on": _date,
        "ends_on": _date,
        "latest_end_on": _date,
        "extension_options": text,
        "status": lambda t: _choice(t, AgreementStatus.choices, "status"),
        "payment_basis": lambda t: _choice(t, PaymentBasis.choices, "payment basis"),
        "simplified_terms": lambda t: _choice(t, [("yes", "Yes"), ("no", "No")], "answer") == "yes",
        "notice_months": _whole_months,
        "signed_on": _date,
        "description": text,
    }


def _row_data(number: int, values: dict, converters: dict) -> tuple[dict, list[Problem]]:
    data, problems = {}, []
    for column in COLUMNS:
        text = values.get(column.key, "").strip()
        if not text:
            if column.required:
                problems.append(Problem("enter a value", row=number, column=column.heading))
            continue
        try:
            data[column.key] = converters[column.key](text)
        except ValueError as exc:
            problems.append(Problem(str(exc), row=number, column=column.heading))
    data.setdefault("status", AgreementStatus.LIVE)
    data.setdefault("payment_basis", PaymentBasis.FIXED_PRICE)
    return data, problems


def _rule_problems(number: int, agreement: Agreement) -> list[Problem]:
    try:
        services.check_agreement(agreement, imported=True)
    except ValidationError as exc:
        return [
            Problem(message[:1].lower() + message[1:], row=number, column=HEADING_OF.get(key, ""))
            for key, messages in exc.message_dict.items()
            for message in messages
        ]
    return []


def plan_import(content: bytes, *, file_name: str = "") -> ImportPlan:
    """Check every row; return the agreements to add, or raise ContractsFileError with every problem."""
    rows = read_rows(content, file_name=file_name)
    converters = _converters(_Organisations())
    existing = set(Agreement.objects.values_list("reference", flat=True))
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    plan = ImportPlan()
    for number, values in rows:
        data, row_problems = _row_data(number, values, converters)
        reference = data.get("reference")
        if reference in existing:
            row_problems.append(
                Problem(f"{reference} is already in the register", row=number, column="Reference")
            )
        elif reference in seen:
            row_problems.append(
                Problem(f"{reference} is also on row {seen[reference]}", row=number, column="Reference")
            )
        if reference:
            seen.setdefault(reference, number)
        if not row_problems:
            agreement = services.agreement_build(data)
            row_problems = _rule_problems(number, agreement)
            plan.agreements.append(agreement)
        problems += row_problems
        plan.rows.append((number, data))
    if problems:
        raise ContractsFileError(problems)
    return plan


def _whole_months(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > 60:
        raise ValueError(f"“{text}” is not a whole number of months from 0 to 60")
    return int(text)


@transaction.atomic
def contracts_import(*, actor, content: bytes, file_name: str = "") -> list[Agreement]:
    """Check the file again, then add every agreement, or none: inserted together, each with the audit-log entry
    and the timeline line that adding it by hand writes. The agreements inserted are the ones checked."""
    plan = plan_import(content, file_name=file_name)
    agreements = Agreement.objects.bulk_create(plan.agreements, batch_size=500)
    created_in_bulk(instances=agreements, actor=actor, summary="Agreement added")
    return agreements


def template_csv() -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([column.heading for column in COLUMNS])
    return "\ufeff" + buffer.getvalue()
