"""Involvement in the browser, with axe on each page. A panel member uses the simplified view by keyboard
alone: sees what their panel is involved in and the "you said, we did" feedback, answers an open question
(with an error first), and the answer is kept anonymously. Staff see the activity's involvement page, the
consultation with its Compact warning, and the public page of published summaries."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.core.demo import DEMO_PASSWORD
from commissioning.cycle import services as cycle_services
from commissioning.engagement import services
from commissioning.engagement.models import ConsultationResponse
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _person(role, organisation, username, **kwargs):
    user = person_with_role(role, organisation, username=username, **kwargs)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def tab_to(page, name: str, limit: int = 60) -> None:
    """Press Tab until the focused element's text or label contains name, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; const l = e.labels && e.labels[0];"
            " return (e.innerText || e.value || '') + ' ' + (l ? l.innerText : ''); }"
        )
        if name in focused:
            return
    raise AssertionError(f"Could not reach {name!r} with the Tab key")


def _setup():
    call_command("load_frameworks")
    council = PartnerFactory(name="Brackenshire Council")
    commissioner = _person(Role.COMMISSIONER, council, "commissioner")
    manager = _person(Role.PARTNERSHIP_MANAGER, council, "partnership")
    member = _person(Role.PANEL_MEMBER, council, "panel", first_name="Demo")
    activity = cycle_services.activity_create(
        actor=commissioner,
        data={
            "title": "Early help family support redesign",
            "kind": "service_redesign",
            "purpose": "Help families earlier.",
            "service_area": "early_help",
            "lead_commissioner": commissioner,
            "lead_organisation": council,
            "level": "strategic",
            "tiers": ["targeted"],
            "integration_approach": "joint",
            "cycle_year": 2026,
        },
    )
    panel = services.panel_save(actor=manager, data={"name": "Young carers' panel"}, members=[member])
    services.involvement_create(
        actor=commissioner,
        activity=activity,
        step=7,
        data={
            "title": "Young carers on the tender panel",
            "method": "tender_panel",
            "took_place_on": date(2026, 10, 6),
            "summary": "You set and scored one question with the bidders.",
            "panel": panel,
            "in_decision": True,
            "feedback": "You asked about help at school. The new service runs a drop-in at two schools.",
            "feedback_given_on": date(2026, 11, 10),
        },
        counts={"young_carers": 4},
    )
    today = timezone.localdate()
    consultation = services.consultation_create(
        actor=commissioner,
        data={
            "title": "Short breaks grants",
            "activity": activity,
            "owner": commissioner,
            "purpose": "What the short breaks grants should fund.",
            "audience": "Young people, families and voluntary organisations.",
            "includes_voluntary_sector": True,
            "open_to_young_people": True,
            "question": "What would make short breaks better for you?",
            "starts_on": today - timedelta(days=10),
            "ends_on": today + timedelta(days=30),
        },
    )
    services.consultation_create(
        actor=commissioner,
        data={
            "title": "Early help: the new model",
            "owner": commissioner,
            "purpose": "Test the model.",
            "audience": "Families.",
            "starts_on": date(2026, 4, 1),
            "ends_on": date(2026, 6, 30),
            "what_changed": "Two locality lots.",
            "published_summary": "You asked for smaller lots.",
            "published_on": date(2026, 8, 3),
        },
    )
    return activity, consultation


def test_panel_member_uses_the_simplified_view_by_keyboard(live_server, page, axe):
    _setup()
    base = live_server.url
    sign_in(page, base, "panel")
    page.goto(f"{base}/engagement/my/")
    page.get_by_role("heading", name="Your panel", level=1).wait_for()
    axe.check()
    nav = page.get_by_role("navigation", name="Menu")
    expect(nav.get_by_role("link", name="Have your say")).to_be_visible()
    expect(nav.get_by_role("link", name="Involvement")).to_have_count(0)

    tab_to(page, "See what you are involved in")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="What you are involved in", level=1).wait_for()
    axe.check()
    tab_to(page, "Young carers on the tender panel")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Young carers on the tender panel", level=1).wait_for()
    expect(page.get_by_text("drop-in at two schools")).to_be_visible()
    axe.check()
    tab_to(page, "Back to your panel")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Your panel", level=1).wait_for()

    tab_to(page, "Answer a question")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Answer a question", level=1).wait_for()
    axe.check()
    tab_to(page, "What would make short breaks better for you?")
    page.keyboard.press("Enter")
    page.get_by_label("What would make short breaks better for you?").wait_for()
    axe.check()
    tab_to(page, "Send my answer")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Write your answer")
    axe.check()
    tab_to(page, "What would make short breaks better for you?")
    page.keyboard.type("More clubs at weekends")
    tab_to(page, "Send my answer")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Thank you").wait_for()
    axe.check()
    answer = ConsultationResponse.objects.get()
    assert answer.text == "More clubs at weekends" and answer.respondent is None

    tab_to(page, "Back to your panel")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Your panel", level=1).wait_for()
    tab_to(page, "You said, we did")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="You said, we did", level=1).wait_for()
    expect(page.get_by_text("drop-in at two schools")).to_be_visible()
    axe.check()
    response = page.goto(f"{base}/engagement/")
    assert response.status == 403


def test_staff_pages_and_the_public_page(live_server, page, axe):
    _activity, consultation = _setup()
    base = live_server.url
    sign_in(page, base, "commissioner")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Involvement").click()
    page.get_by_role("heading", name="Involvement", level=1).wait_for()
    axe.check()
    page.get_by_role("link", name="Early help family support redesign").first.click()
    page.get_by_role("heading", name="Involvement in Early help family support redesign").wait_for()
    axe.check()
    page.get_by_role("link", name="Record involvement", exact=True).click()
    page.get_by_role("button", name="Record involvement").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a name for this involvement")
    axe.check()
    page.goto(f"{base}/engagement/consultations/{consultation.pk}/")
    expect(page.locator("#length-warning")).to_contain_text("less than the 90 days of the Compact")
    axe.check()
    page.goto(f"{base}/engagement/consultations/add/")
    expect(page.get_by_text("allow at least 90 days").first).to_be_visible()
    axe.check()
    page.goto(f"{base}/engagement/policy/")
    axe.check()
    public = page.context.browser.new_context(locale="en-GB", bypass_csp=True).new_page()
    public.goto(f"{base}/public/consultations/")
    public.get_by_role("link", name="Early help: the new model").click()
    expect(public.get_by_text("Two locality lots.")).to_be_visible()
    axe.page = public
    axe.check()
