from commissioning.assurance.maturity import demo, selectors
from commissioning.assurance.maturity.models import MaturityAssessment
from commissioning.core.demo import DemoContext
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.organisations.demo import load as load_organisations


def test_demo_assessments_show_movement_and_load_once(db):
    context = DemoContext()
    load_organisations(context)
    activity = ActivityFactory()
    context.records["activities"] = {activity.title: activity}
    demo.load(context)
    demo.load(context)  # safe to run again
    assert MaturityAssessment.objects.filter(activity__isnull=True).count() == 2
    assert MaturityAssessment.objects.filter(activity=activity).count() == 1
    _, rows = selectors.comparison("partnership")
    assert all(row.movement is not None and row.movement >= 0 for row in rows)
    assert any(row.movement > 0 for row in rows)
