from django.core.management import call_command

from commissioning.engagement.models import Consultation, Involvement, Panel, SupportType
from commissioning.engagement.selectors import panel_involvement


def test_demo_loads_once(db):
    call_command("load_frameworks")
    call_command("load_demo_data")
    call_command("load_demo_data")  # safe to run again
    assert Panel.objects.count() == 1 and SupportType.objects.count() == 5
    assert Involvement.objects.count() == 6
    assert set(Involvement.objects.values_list("method", flat=True)) >= {
        "tender_panel",
        "co_design",
        "consultation",
    }
    assert Involvement.objects.filter(counts__group="vcs", method="consultation").exists()
    panel = Panel.objects.get()
    member = panel.members.get(username="panel")
    assert [r.title for r in panel_involvement(member)] == ["Young carers on the tender panel"]
    closed = Consultation.objects.get(published_on__isnull=False)
    assert closed.what_changed and closed.published_summary
    assert Consultation.objects.filter(published_on__isnull=True, open_to_young_people=True).count() == 1
