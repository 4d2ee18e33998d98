import datetime as dt

import pytest

from commissioning.cycle import services
from commissioning.cycle.cyclecalendar import ics, selectors

pytestmark = pytest.mark.django_db


def test_cycle_months_run_april_to_march():
    months = selectors.cycle_months(2026)
    assert months[0] == dt.date(2026, 4, 1) and months[-1] == dt.date(2027, 3, 1) and len(months) == 12


def test_quadrant_bands_follow_the_timetable():
    bands = {band["quadrant"].quadrant: band["months"] for band in selectors.quadrant_bands(2026)}
    assert bands["assess"] == ["on"] * 3 + [""] * 9
    assert bands["plan"] == [""] * 3 + ["on"] * 3 + [""] * 6
    assert bands["do"] == [""] * 5 + ["on"] * 7
    assert bands["review"] == ["monitoring"] * 8 + ["formal"] * 4


def test_steps_fall_in_the_month_they_are_due(activity, commissioner):
    step = activity.steps.get(number=4)
    services.step_set_due_date(
        actor=commissioner, step=step, due_date=dt.date(2026, 8, 14), expected_version=None
    )
    late = activity.steps.get(number=9)
    services.step_set_due_date(
        actor=commissioner, step=late, due_date=dt.date(2027, 5, 1), expected_version=None
    )
    result = selectors.calendar_rows(user=commissioner, cycle_year=2026, today=dt.date(2026, 9, 1))
    row = result["rows"][0]
    assert [e.step.number for e in row.months[2]] == [1, 2, 3]  # June
    assert [(e.step.number, e.overdue) for e in row.months[4]] == [(4, True)]  # August, past and unfinished
    assert [e.step.number for e in row.months[5]] == [5]
    assert [e.step.number for e in row.months[11]] == [6, 7, 8]
    assert [e.step.number for e in row.after] == [9]
    assert result["has_after"] and not result["has_before"]


def test_calendar_page_filters_and_bounded_queries(
    client_for, commissioner, activity, django_assert_max_num_queries
):
    client = client_for(commissioner)
    page = client.get("/activities/calendar/?year=2026").content.decode()
    assert "Annual cycle calendar 2026/27" in page and activity.title in page
    assert "Formal review" in page
    assert activity.title not in client.get("/activities/calendar/?year=2026&area=send").content.decode()
    assert activity.title not in client.get("/activities/calendar/?year=2025").content.decode()
    for _ in range(5):
        services.activity_create(
            actor=commissioner,
            data={
                **{k: getattr(activity, k) for k in services.ACTIVITY_FIELDS if k != "previous"},
                "title": "Another",
            },
        )
    with django_assert_max_num_queries(12):
        response = client.get("/activities/calendar/?year=2026")
    assert response.content.decode().count("Another") == 5


def test_nonsense_filters_fall_back_to_this_year(client_for, commissioner):
    response = client_for(commissioner).get("/activities/calendar/?year=99999&area=<script>")
    assert response.status_code == 200


def test_providers_cannot_see_the_calendar(client_for, provider_user):
    assert client_for(provider_user).get("/activities/calendar/").status_code == 403
    assert client_for(provider_user).get("/activities/calendar.ics").status_code == 403


def test_feed_lists_unfinished_steps(client_for, commissioner, activity):
    step = activity.steps.get(number=1)
    services.step_set_status(actor=commissioner, step=step, status="complete", expected_version=None)
    response = client_for(commissioner).get("/activities/calendar.ics?year=2026")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 8
    assert "DTSTART;VALUE=DATE:20260630" in body
    assert f"UID:activity-step-{activity.steps.get(number=2).pk}@commissioning-hub" in body
    assert f"activity-step-{step.pk}@" not in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_ics_escapes_and_folds():
    event = ics.all_day_event(
        uid="x@y",
        day=dt.date(2026, 6, 30),
        summary="Step 1 due: Short breaks; respite, and more\nnext",
        description="é" * 60,
        url="https://example.org/",
        stamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    text = ics.calendar(name="Test", events=[event])
    assert "SUMMARY:Step 1 due: Short breaks\\; respite\\, and more\\nnext" in text
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "DESCRIPTION:" + "é" * 60 in unfolded
