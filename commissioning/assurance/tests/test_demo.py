from datetime import date

from django.core.management import call_command

from commissioning.assurance import demo
from commissioning.assurance.models import Audit, AuditAction, AuditStatus, Programme, StandardComment
from commissioning.core.demo import DemoContext


def test_demo_does_nothing_without_the_library(manager):
    demo.load(DemoContext(actor=manager, records={"users": {"partnership": manager}}))
    assert not Programme.objects.exists()


def test_demo_programme_loads_once(db):
    call_command("load_frameworks")
    call_command("load_demo_data")
    call_command("load_demo_data")  # safe to run again
    assert Programme.objects.count() == 2
    this_year = Programme.objects.get(financial_year=2026)
    audits = {a.service_area: a for a in this_year.audits.all()}
    assert len(audits) == 5
    early_help = audits["early_help"]
    assert early_help.status == AuditStatus.COMPLETED
    ratings = set(early_help.assessments.values_list("rating", flat=True))
    assert {"met", "partly_met", "not_met", "not_applicable"} <= ratings
    assert early_help.assessments.exclude(source_role="").exists()
    actions = AuditAction.objects.filter(assessment__audit=early_help)
    assert actions.filter(status="done").count() == 2 and actions.filter(status="open").count() == 3
    assert audits["send"].status == AuditStatus.IN_PROGRESS
    overdue = audits["mental_health"]
    assert overdue.status == AuditStatus.PLANNED and overdue.due_on == date(2026, 6, 30)
    last = Audit.objects.get(programme__financial_year=2025)
    assert last.status == AuditStatus.COMPLETED and last.service_area == "early_help"
    assert StandardComment.objects.count() == 2
