"""Reports about a record, for a board pack or a meeting's papers.

An app takes part by providing `<app>/board_reports.py` with

    def board_report(record) -> BoardReport | None

which returns a report for records of its own models (and None for anything else). The governance app
asks each app in turn for the record an agenda item is about, and puts the report in the pack."""

from dataclasses import dataclass, field

from commissioning.core.appmodules import app_modules


@dataclass(frozen=True)
class BoardReport:
    title: str
    template_name: str  # a template fragment (no <html>), rendered inside the pack with `context`
    context: dict = field(default_factory=dict)
    url: str = ""  # the record's page, for the reader who wants more


def board_report_for(record) -> BoardReport | None:
    for module in app_modules("board_reports"):
        if module.__name__ == __name__:
            continue
        report = module.board_report(record)
        if report is not None:
            return report
    return None
