"""The board pack of a meeting: a cover, contents with page numbers, the agenda, the report of each agenda
item (through commissioning/core/board_reports.py for linked records), the decisions needed and the action
plan progress report. One tagged PDF, or each part as its own PDF."""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from commissioning.core.board_reports import board_report_for
from commissioning.core.reports.pdf import render_pdf
from commissioning.governance import selectors
from commissioning.governance.models import ItemKind, Meeting, Purpose


@dataclass
class PackPart:
    slug: str
    title: str
    template_name: str
    context: dict = field(default_factory=dict)
    note: str = ""


def performance_dashboard(today) -> dict:
    """Every live agreement with the RAG rating of its latest return, and the counts by rating."""
    from commissioning.monitoring import selectors as monitoring

    agreements = list(monitoring.overview(today=today))
    ratings = monitoring.latest_ratings(agreements)
    counts = {"red": 0, "amber": 0, "green": 0, "none": 0}
    for agreement in agreements:
        agreement.rag = ratings.get(agreement.pk)
        counts[agreement.rag.value if agreement.rag else "none"] += 1
    return {"agreements": agreements, "counts": counts}


def pack_parts(meeting: Meeting) -> list[PackPart]:
    today = timezone.localdate()
    items = selectors.agenda_of(meeting)
    parts = [PackPart("agenda", "Agenda", "governance/pack/agenda.html", {"items": items})]
    for item in items:
        context = {"item": item, "level": 3}
        template = "governance/pack/item.html"
        note = ""
        if item.kind == ItemKind.RECORD:
            report = board_report_for(item.linked_record) if item.linked_record is not None else None
            if report is None:
                note = "The linked record has no report for boards, or no longer exists."
            context["report"] = report
            if report is not None:
                context["report_html"] = render_to_string(
                    report.template_name, {"level": 4, **report.context}
                )
        elif item.kind == ItemKind.PERFORMANCE:
            context["dashboard"] = performance_dashboard(today)
        elif item.kind == ItemKind.ACTION_PLAN:
            context["progress"] = selectors.progress_report(meeting)
        parts.append(
            PackPart(f"item-{item.order}", f"Item {item.order}: {item.title}", template, context, note)
        )
    decisions = [item for item in items if item.purpose == Purpose.DECISION]
    parts.append(
        PackPart("decisions", "Decisions needed", "governance/pack/decisions.html", {"items": decisions})
    )
    parts.append(
        PackPart(
            "progress",
            "Action plan progress",
            "governance/pack/progress.html",
            {"progress": selectors.progress_report(meeting), "level": 3},
        )
    )
    return parts


def part_titles(items) -> list[tuple[str, str]]:
    """(slug, title) of each part, from the agenda alone: for the list of downloads, without building reports."""
    return [
        ("agenda", "Agenda"),
        *((f"item-{item.order}", f"Item {item.order}: {item.title}") for item in items),
        ("decisions", "Decisions needed"),
        ("progress", "Action plan progress"),
    ]


def pack_title(meeting: Meeting) -> str:
    return f"Board pack: {meeting.body.name}, {meeting.held_on:%-d %B %Y}"


def render_pack(meeting: Meeting) -> bytes:
    return render_pdf(
        "governance/pack/pack.html",
        {"meeting": meeting, "parts": pack_parts(meeting), "attendance": selectors.attendance_of(meeting)},
        title=pack_title(meeting),
    )


def render_part(meeting: Meeting, slug: str) -> tuple[bytes, str] | None:
    for part in pack_parts(meeting):
        if part.slug == slug:
            title = f"{part.title}: {meeting.body.name}, {meeting.held_on:%-d %B %Y}"
            return render_pdf(
                "governance/pack/part.html", {"meeting": meeting, "part": part}, title=title
            ), title
    return None
