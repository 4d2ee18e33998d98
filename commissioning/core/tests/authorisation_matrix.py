"""The authorisation matrix: every URL of the product, requested by every role for a record of the user's own
organisation, of another organisation or of nobody, and what came back. `docs/authorisation.md` explains it.

The records are the demo partnership's (`load_demo_data`) plus the few kinds the demo has none of. Each URL's
arguments come from `RECORDS`, keyed by the route up to its last argument; a new URL with arguments needs an
entry there, and the test says so."""

import csv
import logging
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.admin import site as admin_site
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.db import transaction
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from drf_spectacular.generators import SchemaGenerator
from rest_framework.response import Response as APIResponse

from commissioning.organisations.models import Role

TABLE = Path(settings.BASE_DIR) / "docs" / "authorisation-matrix.csv"
COLUMNS = ["url_name", "route", "case", "method", "role", "ownership", "outcome"]

ANONYMOUS = "anonymous"
NO_ROLE = "no_role"
ROLES = [role.value for role in Role]
OWN, OTHER, NONE = "own", "other", "none"

OWN_ORGANISATION = "Brightpath Family Support CIC"
OTHER_ORGANISATION = "Harbour Youth Trust"

# What came back (docs/authorisation.md): 2xx, a redirect elsewhere than signing in, another 4xx; 403, 404, a
# redirect to signing in (or the API's 401); and a server error, which is never in the table.
ALLOWED, REDIRECT, REFUSED = "allowed", "redirect", "refused"
DENIED, NOT_FOUND, SIGN_IN, ERROR = "denied", "not_found", "sign_in", "error"

ADMIN_ROW = "admin:*"
SEALED = "sealed bid"
OPENED = "opened bid"


@dataclass(frozen=True)
class Route:
    url_name: str
    route: str
    arguments: tuple[str, ...]
    method: str
    callback: Callable = field(compare=False, repr=False)

    @property
    def name(self) -> str:
        """The URL's name, or for an unnamed pattern its view's."""
        return self.url_name or f"({getattr(self.callback, '__name__', 'view')})"

    def path(self, kwargs: dict) -> str:
        if self.url_name:
            return reverse(self.url_name, kwargs=kwargs)
        assert not kwargs, f"The unnamed pattern {self.route} needs a name to be filled"
        return "/" + self.route


@dataclass(frozen=True)
class Case:
    """The arguments that fill a URL, and the organisation that owns the record they name (None: nobody)."""

    kwargs: dict
    owner: object = None
    label: str = ""


@dataclass(frozen=True)
class Cell:
    url_name: str
    case: str
    role: str
    ownership: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.url_name, self.case, self.role, self.ownership)


@dataclass
class Result:
    route: Route
    cell: Cell
    outcome: str
    status: int
    path: str
    error: str = ""
    bids_seen: frozenset[str] = frozenset()
    organisation: object = None
    seconds: float = 0.0


# Routes ------------------------------------------------------------------------------------------------------


_DRF_ARGUMENT = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
_DJANGO_ARGUMENT = re.compile(r"<(?:\w+:)?(?P<name>\w+)>")


def normalise(route: str) -> str:
    """A DRF router's regular expression written like a Django path: `^agreements/(?P<pk>[^/.]+)/$` becomes
    `agreements/<pk>/`."""
    return _DRF_ARGUMENT.sub(lambda match: f"<{match['name']}>", route.replace("^", "").replace("$", ""))


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            yield normalise(prefix + str(pattern.pattern)), name, pattern


def _method(callback) -> str:
    """GET when the view answers GET, otherwise POST (the view only takes a form or an action)."""
    actions = getattr(callback, "actions", None)
    if actions is not None:
        return "GET" if "get" in actions else "POST"
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is not None and not (hasattr(view_class, "get") and "get" in view_class.http_method_names):
        return "POST"
    return "GET"


def project_routes() -> tuple[list[Route], list[Route]]:
    """(pages and API, Django admin), in the resolver's order. The API's `.json` suffix variants are the same
    views and are left out; an unnamed pattern is named by its view."""
    routes, admin = [], []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        arguments = tuple(m["name"] for m in _DJANGO_ARGUMENT.finditer(route) if m["name"] not in ("format",))
        if "<format>" in route or "<drf_format_suffix:format>" in route:
            continue
        target = admin if route.startswith("admin/") else routes
        target.append(Route(name, route, arguments, _method(pattern.callback), pattern.callback))
    names = [route.name for route in routes]  # unnamed patterns are named by their view
    duplicates = {name for name in names if names.count(name) > 1}
    assert not duplicates, f"URL names used twice, so the table cannot tell them apart: {sorted(duplicates)}"
    return routes, admin


def admin_paths() -> list[str]:
    """The admin site's index and, for every registered model, its list and add pages: enough to show the
    coarse rule (only staff accounts get in), since the admin checks the person before anything else."""
    paths = [reverse("admin:index")]
    for model in admin_site._registry:
        meta = model._meta
        paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    return paths


# Records -----------------------------------------------------------------------------------------------------


class Records:
    """The demo partnership, plus a record of each kind the demo lacks, and one user per role and organisation."""

    def __init__(self):
        from commissioning.organisations.models import Organisation

        call_command("load_frameworks", verbosity=0)
        from commissioning.core.demo import demo_load

        demo_load()
        self.own_organisation = Organisation.objects.get(name=OWN_ORGANISATION)
        self.other_organisation = Organisation.objects.get(name=OTHER_ORGANISATION)
        self._pick()
        self._add_missing()
        self._principals()

    def _pick(self) -> None:
        """The demo's records: the provider's ones all belong to the own organisation."""
        from commissioning.accounts.models import User
        from commissioning.contracts.models import Agreement
        from commissioning.cycle.models import CommissioningActivity, Decommissioning
        from commissioning.monitoring.models import ProviderReturn
        from commissioning.procurement.models import Bid, ProcurementStatus

        self.demo_users = {user.username: user for user in User.objects.all()}
        self.provider_person = self.demo_users["provider"]
        self.agreement = (
            Agreement.objects.filter(provider=self.own_organisation, monitoring_plan__isnull=False)
            .order_by("pk")
            .first()
        )
        self.provider_return = (
            ProviderReturn.objects.filter(period__agreement=self.agreement)
            .order_by("-period__starts_on")
            .first()
        )
        self.period = self.provider_return.period
        self.opened_bid = Bid.objects.get(
            bidder=self.own_organisation, procurement__bids_opened_at__isnull=False
        )
        self.sealed_bid = Bid.objects.get(
            bidder=self.own_organisation, procurement__status=ProcurementStatus.OPEN
        )
        self.grant_round = self.opened_bid.procurement
        self.tender = self.sealed_bid.procurement
        self.activity = CommissioningActivity.objects.get(title="Early help family support redesign")
        self.strategy_activity = CommissioningActivity.objects.get(strategy__published_at__isnull=False)
        self.review_activity = CommissioningActivity.objects.filter(reviews__isnull=False).first()
        self.decommissioning = Decommissioning.objects.order_by("pk").first()
        for activity in (
            self.activity,
            self.strategy_activity,
            self.review_activity,
            self.decommissioning.activity,
        ):
            assert not activity.partners.filter(pk=self.other_organisation.pk).exists()

    def _add_missing(self) -> None:
        """A file on a step, a bid document, an audit's evidence file, a checked provider's file, a meeting
        action, a staged indicator import and a failed job: the demo has none of these."""
        from commissioning.assurance.models import Assessment, EvidenceFile
        from commissioning.assurance.quality.models import CheckStatus, ProviderCheck
        from commissioning.cycle.models import EvidenceKind, StepEvidence
        from commissioning.monitoring.models import MeetingAction
        from commissioning.needs.models import StagedImport
        from commissioning.procurement.models import BidDocument

        admin = self.demo_users["admin"]
        self.step_file = StepEvidence(
            step=self.activity.steps.get(number=3),
            kind=EvidenceKind.FILE,
            title="Family survey results",
            file_name="family-survey.pdf",
            file_size=15,
            content_type="application/pdf",
            added_by=admin,
        )
        self.step_file.file.save("family-survey.pdf", ContentFile(b"%PDF-1.7 survey"), save=False)
        self.step_file.save()
        self.bid_documents = {}
        for bid in (self.opened_bid, self.sealed_bid):
            document = BidDocument(
                bid=bid, name="method.pdf", size=15, sha256=BidDocument.digest(b"%PDF-1.7 method")
            )
            document.file.save("method.pdf", ContentFile(b"%PDF-1.7 method"), save=False)
            document.save()
            self.bid_documents[bid.pk] = document
        self.assessment = Assessment.objects.order_by("pk").first()
        self.evidence_file = EvidenceFile(
            assessment=self.assessment,
            title="Audit evidence",
            file_name="evidence.pdf",
            file_size=15,
            content_type="application/pdf",
            uploaded_by=admin,
        )
        self.evidence_file.file.save("evidence.pdf", ContentFile(b"%PDF-1.7 evidence"), save=False)
        self.evidence_file.save()
        self.check = ProviderCheck.objects.filter(
            provider=self.own_organisation, status=CheckStatus.AWAITING
        ).first()
        self.check.file.save("policy.pdf", ContentFile(b"%PDF-1.7 policy"), save=False)
        self.check.file_name, self.check.file_size, self.check.content_type = (
            "policy.pdf",
            15,
            "application/pdf",
        )
        self.check.save()
        meeting = self.agreement.monitoring_meetings.order_by("pk").first()
        self.meeting_action = MeetingAction.objects.create(
            meeting=meeting,
            description="Send the referral figures by locality",
            owner="Service manager",
            due_on=timezone.localdate() + timedelta(days=14),
        )
        self.staged_import = StagedImport.objects.create(
            file_name="indicators.csv",
            content=b"area_code,value\n",
            sha256="0" * 64,
            uploaded_by=self.demo_users["commissioner"],
        )

    def _principals(self) -> None:
        """One signed-in session per role in each organisation that owns a record in the matrix (the own
        organisation, the activities' lead partner) and in the other organisation, plus one with no role.
        Panel members sit on both tender panels, having declared no conflict, and on the engagement panel."""
        from commissioning.engagement.models import Panel
        from commissioning.organisations.tests.factories import UserFactory, person_with_role
        from commissioning.procurement.evaluation import services as evaluation
        from commissioning.procurement.models import PanelRole

        self.sessions: dict[tuple[str, int | None], str] = {(ANONYMOUS, None): ""}
        self.users: dict[tuple[str, int], object] = {}
        client = Client()
        no_role = UserFactory(username="signed-in-without-role")
        client.force_login(no_role)
        self.sessions[(NO_ROLE, None)] = client.cookies[settings.SESSION_COOKIE_NAME].value
        manager = self.demo_users["procurement"]
        organisations = [self.own_organisation, self.other_organisation, self.activity.lead_organisation]
        for organisation in organisations:
            for role in ROLES:
                user = person_with_role(role, organisation, username=f"{role}-{organisation.pk}")
                self.users[(role, organisation.pk)] = user
                if role == Role.PANEL_MEMBER:
                    for panel in Panel.objects.all():
                        panel.members.add(user)
                    for procurement in (self.grant_round, self.tender):
                        member = evaluation.panel_member_add(
                            actor=manager,
                            procurement=procurement,
                            data={
                                "user": user,
                                "panel_role": PanelRole.YOUNG_PERSON,
                                "training_completed_on": timezone.localdate(),
                            },
                        )
                        evaluation.conflict_declare(
                            actor=user, member=member, has_conflict=False, interests=""
                        )
                client = Client()
                client.force_login(user)
                self.sessions[(role, organisation.pk)] = client.cookies[settings.SESSION_COOKIE_NAME].value
        held = [
            user
            for user in [no_role, *self.users.values()]
            if user.is_superuser or user.get_all_permissions()
        ]
        assert not held, f"The matrix's people must hold no Django model permission: {held}"

    def organisation_of(self, role: str, ownership: str, owner):
        """Where a cell's person holds the role: the record's owner (own), the other organisation (other), or,
        for records of nobody, the own organisation; nowhere for anonymous and no_role."""
        if role in (ANONYMOUS, NO_ROLE):
            return None
        if ownership == OWN:
            return owner
        if ownership == OTHER:
            assert owner != self.other_organisation, f"{owner} owns the record: it cannot be the other"
            return self.other_organisation
        return self.own_organisation

    def session(self, role: str, ownership: str, owner) -> str:
        organisation = self.organisation_of(role, ownership, owner)
        return self.sessions[(role, organisation.pk if organisation else None)]

    def job_run(self):
        """A failed job run, made when first asked for."""
        from commissioning.jobs.models import JobRun, JobStatus

        if not hasattr(self, "_job_run"):
            self._job_run = JobRun.objects.create(
                job_path="commissioning.reminders.jobs.send_reminders",
                label="Send reminders",
                max_attempts=1,
                attempts=1,
                status=JobStatus.FAILED,
                last_error="The mail server did not answer.",
            )
        return self._job_run

    def bid_markers(self) -> dict[str, list[bytes]]:
        """Text only a reader of a bid's contents would see, its answers, by bid: the sealed one and the opened
        one (both the own organisation's)."""
        return {
            label: [answer.text.encode() for answer in bid.answers.all() if answer.text]
            for label, bid in ((SEALED, self.sealed_bid), (OPENED, self.opened_bid))
        }


def _first(queryset):
    record = queryset.order_by("pk").first()
    assert record is not None, f"The demo data has no {queryset.model._meta.verbose_name}"
    return record


def _own(records: Records, **kwargs) -> Case:
    return Case(kwargs, records.own_organisation)


def _none(**kwargs) -> Case:
    return Case(kwargs)


def _bid_cases(records: Records, make: Callable[[object], dict]) -> list[Case]:
    """An opened bid (the grant round) and a sealed one (the open tender), both the own organisation's."""
    return [
        Case(make(records.opened_bid), records.own_organisation),
        Case(make(records.sealed_bid), records.own_organisation, SEALED),
    ]


def _procurement_cases(records: Records) -> list[Case]:
    """The grant round (bids opened) and the open tender (bids sealed). Pages that show a procurement's bids
    count as the bidder's: the own organisation bid in both."""
    return [
        Case({"pk": records.grant_round.pk}, records.own_organisation),
        Case({"pk": records.tender.pk}, records.own_organisation, SEALED),
    ]


# URL names under `procurement/<pk>/` (and the API's) that show bids: requested for the grant round and for the
# sealed tender, and owned by the bidder.
BID_READING = frozenset(
    {
        "procurement:evaluation",
        "procurement:evaluation-report",
        "procurement:scoring",
        "procurement:moderation",
        "procurement:ranking",
        "procurement:award",
        "procurement:letters",
        "procurement:portal-bids",
        "procurement:portal-bids-open",
        "api:procurement-bids",
        "api:procurement-evaluation",
        "api:procurement-awards",
    }
)


def _procurement(records: Records, route: Route) -> list[Case]:
    if route.name in BID_READING:
        return _procurement_cases(records)
    return [_none(pk=records.grant_round.pk)]


def _models():
    """The model modules the record finders use, imported once the apps are ready."""
    from types import SimpleNamespace

    from commissioning.assurance import models as assurance
    from commissioning.assurance.maturity import models as maturity
    from commissioning.assurance.quality import models as quality
    from commissioning.contracts import models as contracts
    from commissioning.cycle import models as cycle
    from commissioning.engagement import models as engagement
    from commissioning.frameworks import models as frameworks
    from commissioning.funding import models as funding
    from commissioning.governance import models as governance
    from commissioning.monitoring import models as monitoring
    from commissioning.needs import models as needs
    from commissioning.procurement import models as procurement
    from commissioning.procurement.specifications import models as specifications
    from commissioning.services import models as services

    return SimpleNamespace(
        assurance=assurance,
        maturity=maturity,
        quality=quality,
        contracts=contracts,
        cycle=cycle,
        engagement=engagement,
        frameworks=frameworks,
        funding=funding,
        governance=governance,
        monitoring=monitoring,
        needs=needs,
        procurement=procurement,
        specifications=specifications,
        services=services,
    )


def _framework_item(m):
    item = _first(m.frameworks.FrameworkItem.objects.filter(framework__slug="gateshead-quality-standards"))
    return {"slug": item.framework.slug, "ref": item.ref}


def _area(m):
    return _first(m.needs.AreaAlias.objects.select_related("area"))


def _activity(activity, **kwargs) -> Case:
    """A record of an activity: its lead organisation's. The rules let the commissioners and partnership
    managers of the lead and partner organisations change it."""
    return Case({"pk": activity.pk, **kwargs}, activity.lead_organisation)


def _strategy_row(r: Records, related: str) -> Case:
    strategy = r.strategy_activity.strategy
    return _activity(r.strategy_activity, row_pk=_first(getattr(strategy, related).all()).pk)


def _public_strategy(m) -> dict:
    return {"slug": _first(m.cycle.Strategy.objects.filter(published_at__isnull=False)).slug}


# The record behind each route, by the route up to (and sometimes just after) its last argument: the longest
# key that starts the route wins. Each finder takes the records, the model modules and the route.
RECORDS: dict[str, Callable[[Records, object, Route], Case | list[Case]]] = {
    # Accounts and organisations
    "password-reset/<uidb64>/<token>/": lambda r, m, route: _none(
        uidb64=urlsafe_base64_encode(force_bytes(r.provider_person.pk)),
        token=default_token_generator.make_token(r.provider_person),
    ),
    "organisations/<int:pk>/": lambda r, m, route: _own(r, pk=r.own_organisation.pk),
    "people/<int:pk>/": lambda r, m, route: _own(r, pk=r.provider_person.pk),
    "people/<int:pk>/roles/<int:membership_pk>/": lambda r, m, route: _own(
        r, pk=r.provider_person.pk, membership_pk=r.provider_person.memberships.get().pk
    ),
    # Framework library
    "frameworks/<slug:slug>/": lambda r, m, route: _none(slug="gateshead-quality-standards"),
    "frameworks/<slug:slug>/items/<str:ref>/": lambda r, m, route: _none(**_framework_item(m)),
    # The cycle
    "activities/gate-rules/<int:rule_pk>/": lambda r, m, route: _none(
        rule_pk=_first(m.cycle.GateRule.objects).pk
    ),
    "activities/<int:pk>/": lambda r, m, route: _activity(r.activity),
    "activities/<int:pk>/steps/<int:number>/": lambda r, m, route: _activity(r.activity, number=2),
    "activities/<int:pk>/self-assessment/<int:number>/": lambda r, m, route: _activity(r.activity, number=1),
    "activities/<int:pk>/steps/<int:number>/evidence/<int:evidence_pk>/": lambda r, m, route: _activity(
        r.activity, number=r.step_file.step.number, evidence_pk=r.step_file.pk
    ),
    "activities/<int:pk>/strategy/": lambda r, m, route: _activity(r.strategy_activity),
    "activities/<int:pk>/strategy/priorities/<int:row_pk>/": lambda r, m, route: _strategy_row(
        r, "priorities"
    ),
    "activities/<int:pk>/strategy/recommendations/<int:row_pk>/": lambda r, m, route: _strategy_row(
        r, "recommendations"
    ),
    "activities/<int:pk>/strategy/issues/<int:row_pk>/": lambda r, m, route: _strategy_row(
        r, "cross_cutting_issues"
    ),
    "activities/<int:pk>/decommissioning/": lambda r, m, route: _activity(r.decommissioning.activity),
    "activities/<int:pk>/decommissioning/<int:record_pk>/": lambda r, m, route: _activity(
        r.decommissioning.activity, record_pk=r.decommissioning.pk
    ),
    "activities/<int:pk>/budgets/<int:budget_pk>/": lambda r, m, route: _activity(
        r.activity, budget_pk=_first(r.activity.budgets).pk
    ),
    "activities/<int:pk>/reviews/": lambda r, m, route: _activity(r.review_activity),
    "activities/<int:pk>/reviews/<int:review_pk>/": lambda r, m, route: _activity(
        r.review_activity, review_pk=_first(r.review_activity.reviews).pk
    ),
    # Needs
    "needs/areas/<str:code>/": lambda r, m, route: _none(code=_area(m).area.code),
    "needs/areas/<str:code>/other-names/<int:alias_pk>/": lambda r, m, route: (
        lambda alias: _none(code=alias.area.code, alias_pk=alias.pk)
    )(_area(m)),
    "needs/analyses/<int:pk>/": lambda r, m, route: _none(pk=_first(m.needs.NeedsAnalysis.objects).pk),
    "needs/analyses/<int:pk>/priorities/<int:priority_pk>/": lambda r, m, route: (
        lambda priority: _none(pk=priority.analysis_id, priority_pk=priority.pk)
    )(_first(m.needs.Priority.objects)),
    "needs/indicators/<slug:code>/": lambda r, m, route: _none(
        code=_first(m.needs.Indicator.objects.filter(values__isnull=False).distinct()).code
    ),
    "needs/imports/<int:pk>/": lambda r, m, route: _none(pk=_first(m.needs.ImportBatch.objects).pk),
    "needs/imports/preview/<int:pk>/": lambda r, m, route: _none(pk=r.staged_import.pk),
    # Services and funding
    "services/market/statements/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.services.MarketPositionStatement.objects).pk
    ),
    "services/<int:pk>/": lambda r, m, route: _own(
        r, pk=_first(m.services.Service.objects.filter(provider=r.own_organisation)).pk
    ),
    "funding/streams/<int:pk>/": lambda r, m, route: _none(pk=_first(m.funding.FundingStream.objects).pk),
    "funding/service-links/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.funding.ServiceFunding.objects).pk
    ),
    "funding/budgets/<int:pk>/": lambda r, m, route: _none(pk=_first(m.funding.PooledBudget.objects).pk),
    "funding/contributions/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.funding.Contribution.objects).pk
    ),
    "funding/allocations/<int:pk>/": lambda r, m, route: _none(pk=_first(m.funding.Allocation.objects).pk),
    "funding/commitments/<int:pk>/": lambda r, m, route: _none(pk=_first(m.funding.Commitment.objects).pk),
    "funding/plans/<int:pk>/": lambda r, m, route: _none(pk=_first(m.funding.DevelopmentPlan.objects).pk),
    "funding/training/<int:pk>/": lambda r, m, route: _none(pk=_first(m.funding.TrainingItem.objects).pk),
    "funding/actions/<int:pk>/": lambda r, m, route: _none(pk=_first(m.funding.MarketAction.objects).pk),
    # Procurement
    "procurement/<int:pk>/": lambda r, m, route: _procurement(r, route),
    "procurement/<int:pk>/steps/<int:step>/": lambda r, m, route: _none(
        pk=r.grant_round.pk, step=_first(r.grant_round.steps).pk
    ),
    "procurement/<int:pk>/timetable/<int:milestone>/": lambda r, m, route: _none(
        pk=r.tender.pk, milestone=_first(r.tender.milestones).pk
    ),
    "procurement/<int:pk>/notices/<int:notice>/": lambda r, m, route: _none(
        pk=r.tender.pk, notice=_first(r.tender.notices).pk
    ),
    "procurement/<int:pk>/project/team/<int:member>/": lambda r, m, route: _none(
        pk=r.tender.pk, member=_first(r.tender.team).pk
    ),
    "procurement/<int:pk>/project/risks/<int:risk>/": lambda r, m, route: _none(
        pk=r.tender.pk, risk=_first(r.tender.risks).pk
    ),
    "procurement/<int:pk>/questions/<int:question>/": lambda r, m, route: _none(
        pk=r.tender.pk, question=_first(r.tender.questions).pk
    ),
    "procurement/<int:pk>/panel/<int:member_pk>/": lambda r, m, route: _none(
        pk=r.grant_round.pk, member_pk=_first(r.grant_round.panel).pk
    ),
    "procurement/<int:pk>/scoring/<int:bid_pk>/": lambda r, m, route: _bid_cases(
        r, lambda bid: {"pk": bid.procurement_id, "bid_pk": bid.pk}
    ),
    "procurement/<int:pk>/moderation/<int:bid_pk>/": lambda r, m, route: _bid_cases(
        r, lambda bid: {"pk": bid.procurement_id, "bid_pk": bid.pk}
    ),
    "procurement/<int:pk>/moderation/<int:bid_pk>/<int:question_pk>/": lambda r, m, route: _bid_cases(
        r,
        lambda bid: {
            "pk": bid.procurement_id,
            "bid_pk": bid.pk,
            "question_pk": _first(bid.procurement.questions.filter(weight__gt=0)).pk,
        },
    ),
    "procurement/<int:pk>/award/<int:award_pk>/": lambda r, m, route: (
        lambda award: _own(r, pk=award.procurement_id, award_pk=award.pk)
    )(_first(m.procurement.AwardDecision.objects.filter(bid=r.opened_bid))),
    "procurement/<int:pk>/letters/<int:letter_pk>/": lambda r, m, route: (
        lambda letter: _own(r, pk=letter.bid.procurement_id, letter_pk=letter.pk)
    )(_first(m.procurement.Letter.objects.filter(bid=r.opened_bid))),
    "procurement/portal/opportunities/<int:pk>/": lambda r, m, route: _none(pk=r.tender.pk),
    "procurement/portal/receipts/<int:pk>/": lambda r, m, route: _bid_cases(r, lambda bid: {"pk": bid.pk}),
    "procurement/portal/<int:pk>/": lambda r, m, route: _procurement(r, route),
    "procurement/portal/<int:pk>/clarifications/<int:clarification_pk>/": lambda r, m, route: (
        lambda clarification: _own(r, pk=clarification.procurement_id, clarification_pk=clarification.pk)
    )(_first(m.procurement.Clarification.objects.filter(asked_by_organisation=r.own_organisation))),
    "procurement/portal/bids/<int:pk>/": lambda r, m, route: _bid_cases(r, lambda bid: {"pk": bid.pk}),
    "procurement/portal/bids/<int:pk>/documents/<int:document_pk>/": lambda r, m, route: _bid_cases(
        r, lambda bid: {"pk": bid.pk, "document_pk": r.bid_documents[bid.pk].pk}
    ),
    "procurement/portal/letters/<int:pk>/": lambda r, m, route: _own(
        r, pk=_first(m.procurement.Letter.objects.filter(bid=r.opened_bid)).pk
    ),
    "procurement/rules/thresholds/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.procurement.Threshold.objects).pk
    ),
    "procurement/rules/local/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.procurement.LocalRule.objects).pk
    ),
    "specifications/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.specifications.Specification.objects.filter(versions__isnull=False).distinct()).pk
    ),
    "specifications/<int:pk>/versions/<int:number>/": lambda r, m, route: (
        lambda version: _none(pk=version.specification_id, number=version.number)
    )(_first(m.specifications.SpecificationVersion.objects)),
    # Contracts and monitoring
    "contracts/from-award/<int:award_pk>/": lambda r, m, route: _own(
        r, award_pk=_first(m.procurement.AwardDecision.objects.filter(bid=r.opened_bid)).pk
    ),
    "contracts/alerts/<slug:group>/": lambda r, m, route: _none(group="ending"),
    "contracts/<int:pk>/": lambda r, m, route: _own(r, pk=r.agreement.pk),
    "contracts/<int:pk>/payments/<int:payment_pk>/": lambda r, m, route: _own(
        r, pk=r.agreement.pk, payment_pk=_first(r.agreement.payments).pk
    ),
    "monitoring/value-bands/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.monitoring.FrequencyBand.objects).pk
    ),
    "monitoring/agreements/<int:pk>/": lambda r, m, route: _own(r, pk=r.agreement.pk),
    "monitoring/agreements/<int:pk>/kpis/<int:kpi>/": lambda r, m, route: _own(
        r, pk=r.agreement.pk, kpi=_first(r.agreement.kpis).pk
    ),
    "monitoring/agreements/<int:pk>/improvement-plans/<int:plan>/": lambda r, m, route: _own(
        r,
        pk=r.agreement.pk,
        plan=_first(m.monitoring.ImprovementPlan.objects.filter(agreement=r.agreement)).pk,
    ),
    "monitoring/<slug:kind>/<int:pk>/": lambda r, m, route: _own(
        r, kind="meetings", pk=r.meeting_action.meeting_id
    ),
    "monitoring/meetings/<int:pk>/": lambda r, m, route: _own(r, pk=r.meeting_action.meeting_id),
    "monitoring/actions/<int:pk>/": lambda r, m, route: _own(r, pk=r.meeting_action.pk),
    "monitoring/periods/<int:pk>/": lambda r, m, route: _own(r, pk=r.period.pk),
    "monitoring/returns/<int:pk>/": lambda r, m, route: _own(r, pk=r.period.pk),
    # Publishing and engagement
    "publishing/<any_export:key>/": lambda r, m, route: _none(key="ocds"),
    "publishing/<checked_export:key>/": lambda r, m, route: _none(key="ocds"),
    "engagement/activities/<int:pk>/": lambda r, m, route: _activity(r.activity),
    "engagement/involvement/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.engagement.Involvement.objects.filter(panel__isnull=False)).pk
    ),
    "engagement/consultations/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.engagement.Consultation.objects).pk
    ),
    "engagement/policy/support/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.engagement.SupportType.objects).pk
    ),
    "engagement/policy/panels/<int:pk>/": lambda r, m, route: _none(pk=_first(m.engagement.Panel.objects).pk),
    "engagement/my/involvement/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.engagement.Involvement.objects.filter(panel__isnull=False)).pk
    ),
    "engagement/my/questions/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.engagement.Consultation.objects.filter(open_to_young_people=True)).pk
    ),
    # Assurance
    "assurance/provider-checks/providers/<int:org_pk>/": lambda r, m, route: _own(
        r, org_pk=r.own_organisation.pk
    ),
    "assurance/provider-checks/providers/<int:org_pk>/requirements/<int:req_pk>/": lambda r, m, route: _own(
        r, org_pk=r.own_organisation.pk, req_pk=r.check.requirement_id
    ),
    "assurance/provider-checks/checks/<int:pk>/": lambda r, m, route: _own(r, pk=r.check.pk),
    "assurance/provider-checks/requirements/<int:pk>/": lambda r, m, route: _none(pk=r.check.requirement_id),
    "assurance/maturity/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.maturity.MaturityAssessment.objects).pk
    ),
    "assurance/programmes/<int:pk>/": lambda r, m, route: _none(pk=r.assessment.audit.programme_id),
    "assurance/audits/<int:pk>/": lambda r, m, route: _none(pk=r.assessment.audit_id),
    "assurance/criteria/<int:pk>/": lambda r, m, route: _none(pk=r.assessment.pk),
    "assurance/files/<int:pk>/": lambda r, m, route: _none(pk=r.evidence_file.pk),
    "assurance/actions/<int:pk>/": lambda r, m, route: _none(pk=_first(m.assurance.AuditAction.objects).pk),
    "assurance/standards/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.assurance.StandardComment.objects).item_id
    ),
    "assurance/comments/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.assurance.StandardComment.objects).pk
    ),
    "assurance/frameworks/<slug:slug>/": lambda r, m, route: _none(
        slug=_first(m.assurance.StandardsReview.objects).framework.slug
    ),
    # Governance
    "governance/bodies/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.governance.Body.objects.filter(members__isnull=False).distinct()).pk
    ),
    "governance/bodies/<int:pk>/members/<int:member_pk>/": lambda r, m, route: (
        lambda member: _none(pk=member.body_id, member_pk=member.pk)
    )(_first(m.governance.BodyMember.objects)),
    "governance/meetings/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.governance.Meeting.objects.filter(agenda_items__isnull=False).distinct()).pk
    ),
    "governance/meetings/<int:pk>/agenda/<int:item_pk>/": lambda r, m, route: (
        lambda item: _none(pk=item.meeting_id, item_pk=item.pk)
    )(_first(m.governance.AgendaItem.objects)),
    "governance/meetings/<int:pk>/pack/<slug:part>": lambda r, m, route: _none(
        pk=_first(m.governance.Meeting.objects.filter(agenda_items__isnull=False).distinct()).pk,
        part="agenda",
    ),
    "governance/decisions/<int:pk>/": lambda r, m, route: _none(pk=_first(m.governance.Decision.objects).pk),
    "governance/actions/<int:pk>/": lambda r, m, route: _none(pk=_first(m.governance.Action.objects).pk),
    "jobs/<int:pk>/": lambda r, m, route: _none(pk=r.job_run().pk),
    # Public pages
    "public/strategies/<slug:slug>/": lambda r, m, route: _none(**_public_strategy(m)),
    "public/consultations/<int:pk>/": lambda r, m, route: _none(
        pk=_first(m.engagement.Consultation.objects.filter(published_on__isnull=False)).pk
    ),
    "public/decisions/<str:reference>/": lambda r, m, route: _none(
        reference=_first(m.governance.Decision.objects).reference
    ),
    # The API
    "api/v1/frameworks/<slug:framework_slug>/": lambda r, m, route: _none(
        framework_slug=_framework_item(m)["slug"]
    ),
    "api/v1/frameworks/<slug:framework_slug>/items/<str:ref>/": lambda r, m, route: (
        lambda item: _none(framework_slug=item["slug"], ref=item["ref"])
    )(_framework_item(m)),
    "api/v1/procurements/<int:pk>/": lambda r, m, route: _procurement(r, route),
    "api/v1/bids/<int:pk>/": lambda r, m, route: _bid_cases(r, lambda bid: {"pk": bid.pk}),
    "api/v1/organisations/<pk>/": lambda r, m, route: _own(r, pk=r.own_organisation.pk),
    "api/v1/frameworks/<slug>/": lambda r, m, route: _none(slug="gateshead-quality-standards"),
    "api/v1/commissioning-activities/<pk>/": lambda r, m, route: _activity(r.activity),
    "api/v1/commissioning-activities/<pk>/steps/<number>/": lambda r, m, route: _activity(
        r.activity, number=2
    ),
    "api/v1/indicators/<code>/": lambda r, m, route: _none(
        code=_first(m.needs.Indicator.objects.filter(values__isnull=False).distinct()).code
    ),
    "api/v1/services/<pk>/": lambda r, m, route: _own(
        r, pk=_first(m.services.Service.objects.filter(provider=r.own_organisation)).pk
    ),
    "api/v1/funding-streams/<pk>/": lambda r, m, route: _none(pk=_first(m.funding.FundingStream.objects).pk),
    "api/v1/pooled-budgets/<pk>/": lambda r, m, route: _none(pk=_first(m.funding.PooledBudget.objects).pk),
    "api/v1/specifications/<pk>/": lambda r, m, route: _none(
        pk=_first(m.specifications.Specification.objects).pk
    ),
    "api/v1/procurements/<pk>/": lambda r, m, route: _procurement(r, route),
    "api/v1/agreements/<pk>/": lambda r, m, route: _own(r, pk=r.agreement.pk),
    "api/v1/monitoring/kpis/<pk>/": lambda r, m, route: _own(r, pk=_first(r.agreement.kpis).pk),
    "api/v1/monitoring/returns/<pk>/": lambda r, m, route: _own(r, pk=r.provider_return.pk),
    "api/v1/monitoring/meetings/<pk>/": lambda r, m, route: _own(r, pk=r.meeting_action.meeting_id),
    "api/v1/monitoring/reviews/<pk>/": lambda r, m, route: _own(
        r, pk=_first(m.monitoring.AnnualReview.objects.filter(agreement=r.agreement)).pk
    ),
    "api/v1/assurance/programmes/<pk>/": lambda r, m, route: _none(pk=r.assessment.audit.programme_id),
    "api/v1/assurance/audits/<pk>/": lambda r, m, route: _none(pk=r.assessment.audit_id),
    "api/v1/assurance/ratings/<pk>/": lambda r, m, route: _none(pk=r.assessment.pk),
    "api/v1/assurance/provider-checks/<pk>/": lambda r, m, route: _own(r, pk=r.check.pk),
    "api/v1/assurance/quality-requirements/<pk>/": lambda r, m, route: _none(pk=r.check.requirement_id),
    "api/v1/assurance/maturity/<pk>/": lambda r, m, route: _none(
        pk=_first(m.maturity.MaturityAssessment.objects).pk
    ),
    "api/v1/involvement/<pk>/": lambda r, m, route: _none(pk=_first(m.engagement.Involvement.objects).pk),
    "api/v1/consultations/<pk>/": lambda r, m, route: _none(pk=_first(m.engagement.Consultation.objects).pk),
    "api/v1/governance/bodies/<pk>/": lambda r, m, route: _none(pk=_first(m.governance.Body.objects).pk),
    "api/v1/governance/meetings/<pk>/": lambda r, m, route: _none(pk=_first(m.governance.Meeting.objects).pk),
    "api/v1/governance/decisions/<pk>/": lambda r, m, route: _none(
        pk=_first(m.governance.Decision.objects).pk
    ),
    "api/v1/governance/actions/<pk>/": lambda r, m, route: _none(pk=_first(m.governance.Action.objects).pk),
}


class MissingRecord(LookupError):
    pass


def cases_for(route: Route, records: Records, models) -> list[Case]:
    if not route.arguments:
        return [Case({})]
    keys = [key for key in RECORDS if route.route.startswith(key)]
    if not keys:
        raise MissingRecord(
            f"{route.name} ({route.route}) takes {', '.join(route.arguments)}: add the record that fills it to "
            "RECORDS in commissioning/core/tests/authorisation_matrix.py"
        )
    try:
        with transaction.atomic():
            found = RECORDS[max(keys, key=len)](records, models, route)
    except Exception as exc:  # reported as the URL's missing record, with the reason
        raise MissingRecord(f"{route.name} ({route.route}): finding its record failed: {exc!r}") from exc
    cases = found if isinstance(found, list) else [found]
    for case in cases:
        if set(case.kwargs) != set(route.arguments):
            raise MissingRecord(
                f"{route.name} ({route.route}) takes {', '.join(route.arguments)} but its RECORDS entry gives "
                f"{', '.join(case.kwargs)}: add a longer key for it"
            )
    return cases


# Requests ----------------------------------------------------------------------------------------------------


class _Client(Client):
    """The test client without the copy of every template context it keeps for assertions: the matrix looks
    only at the status, the redirect and the content, and the copies cost more than the pages."""

    def request(self, **request):
        return self.handler(self._base_environ(**request))


def _people(route_is_owned: bool) -> list[tuple[str, str]]:
    """The (role, ownership) of every cell of a URL: own and other for a record with an owner, else none."""
    if route_is_owned:
        return [(ANONYMOUS, NONE), (NO_ROLE, NONE)] + [(role, o) for role in ROLES for o in (OWN, OTHER)]
    return [(ANONYMOUS, NONE), (NO_ROLE, NONE)] + [(role, NONE) for role in ROLES]


class Runner:
    def __init__(self, records: Records):
        self.records = records
        self.client = _Client()
        self.render = True
        self.rendered: set[tuple[str, str]] = set()
        self.sign_in = reverse(settings.LOGIN_URL)
        self.admin_sign_in = reverse("admin:login")
        self.markers = records.bid_markers()
        self._exception: str = ""
        got_request_exception.connect(self._record_exception)

    def close(self) -> None:
        got_request_exception.disconnect(self._record_exception)

    def _record_exception(self, sender, request=None, **kwargs):
        exc_type, exc, _ = sys.exc_info()
        self._exception = f"{exc_type.__name__}: {exc}" if exc_type else "unknown exception"

    def rendered_content(self, response, render) -> str:
        """A page's template (or an API answer), rendered unless the same page was rendered for someone else."""
        return render(response) if self.render else ""

    def fetch_cell(self, route: Route, case: Case, path: str, role: str, ownership: str) -> Result:
        """One cell. The first time a page lets someone in, its template is rendered in full; for everyone
        after, only the view runs: the permission checks and the records it loads, which decide the status.
        The sealed bid's pages, and every page a provider user gets into, are always rendered, so that their
        content can be searched for the bids' answers."""
        page = (route.name, case.label)
        render = page not in self.rendered or case.label == SEALED or role == Role.PROVIDER_USER
        began = time.monotonic()
        status, outcome, error, bids_seen = self.fetch(
            route.method, path, self.records.session(role, ownership, case.owner), render=render
        )
        if outcome == ALLOWED and render:
            self.rendered.add(page)
        cell = Cell(route.name, case.label, role, ownership)
        organisation = self.records.organisation_of(role, ownership, case.owner)
        seconds = time.monotonic() - began
        return Result(
            route, cell, outcome, status, path, error, bids_seen, organisation=organisation, seconds=seconds
        )

    def fetch(
        self, method: str, path: str, session: str, *, token: str = "", render: bool = True
    ) -> tuple[int, str, str, frozenset[str]]:
        """(status, outcome, error, the bids whose answers the response shows). Each request runs in a
        savepoint that is rolled back, so what one request writes (a refused read on the timeline, an empty
        form) never reaches the next."""
        self.render = render
        self.client.cookies = SimpleCookie()
        if session:
            self.client.cookies[settings.SESSION_COOKIE_NAME] = session
        self._exception = ""
        with transaction.atomic():
            extra = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
            response = (
                self.client.get(path, **extra) if method == "GET" else self.client.post(path, {}, **extra)
            )
            transaction.set_rollback(True)
        # Reading a file download to its end closes it the way the test client expects (closing it any other
        # way would close the database connection, and with it the in-memory test database).
        content = b"".join(response.streaming_content) if response.streaming else response.content
        seen = frozenset(
            label
            for label, markers in self.markers.items()
            if response.status_code == 200 and any(marker in content for marker in markers)
        )
        return response.status_code, self.classify(response), self._exception, seen

    def classify(self, response) -> str:
        status = response.status_code
        if status >= 500:
            return ERROR
        if status in (301, 302, 303, 307, 308):
            location = response.get("Location", "")
            if location.startswith((self.sign_in, self.admin_sign_in)):
                return SIGN_IN
            return REDIRECT
        if status == 401:
            return SIGN_IN
        if status == 403:
            return DENIED
        if status == 404:
            return NOT_FOUND
        if status >= 400:
            return REFUSED
        return ALLOWED


_real_error_handler = get_resolver().resolve_error_handler
_render_template_response = SimpleTemplateResponse.rendered_content.fget
_render_api_response = APIResponse.rendered_content.fget


def _plain_error_handler(status_code: int):
    """The refusal and not-found pages without their layout: the matrix looks only at the status, and the
    pages themselves are tested with the core views. Server errors keep their own page."""
    if status_code in (400, 403, 404):
        return lambda request, exception=None: HttpResponse(status=status_code)
    return _real_error_handler(status_code)


class _HtmlWithoutLayout:
    """Takes the HTML a report renders (so its template runs), and skips WeasyPrint's layout."""

    def __init__(self, string: str = "", **kwargs):
        self.string = string

    def write_pdf(self, **kwargs) -> bytes:
        return b"%PDF-1.7\n%" + str(len(self.string)).encode() + b"\n"


def _schema_once():
    """The public OpenAPI schema is the same for everyone: generate it once for the whole run."""
    generate = SchemaGenerator.get_schema
    schemas = {}

    def get_schema(generator, request=None, public=False):
        if not public:
            return generate(generator, request=request, public=public)
        if "public" not in schemas:
            schemas["public"] = generate(generator, request=request, public=public)
        return schemas["public"]

    return get_schema


@dataclass
class MatrixRun:
    results: list[Result]
    admin_results: list[Result]
    token_results: list[Result]
    routes: list[Route]
    records: Records
    seconds: float
    setup_seconds: float
    missing: list[str]

    def table(self) -> dict[tuple[str, str, str, str], dict]:
        rows = {}
        for result in self.results:
            rows[result.cell.key] = {
                "url_name": result.cell.url_name,
                "route": result.route.route,
                "case": result.cell.case,
                "method": result.route.method,
                "role": result.cell.role,
                "ownership": result.cell.ownership,
                "outcome": result.outcome,
            }
        admin = {}
        for result in self.admin_results:
            admin.setdefault(result.cell.role, set()).add(result.outcome)
        for role, outcomes in admin.items():
            rows[(ADMIN_ROW, "", role, NONE)] = {
                "url_name": ADMIN_ROW,
                "route": "admin/",
                "case": "",
                "method": "GET",
                "role": role,
                "ownership": NONE,
                "outcome": "|".join(sorted(outcomes)),
            }
        return rows


def _admin_site(runner: Runner, records: Records, admin_routes: list[Route]) -> list[Result]:
    """Every principal at the admin site's pages: one coarse row each."""
    route = Route(ADMIN_ROW, "admin/", (), "GET", admin_routes[0].callback if admin_routes else None)
    results = []
    for path in admin_paths():
        for role, ownership in _people(False):
            status, outcome, error, _ = runner.fetch("GET", path, records.session(role, ownership, None))
            results.append(Result(route, Cell(ADMIN_ROW, "", role, ownership), outcome, status, path, error))
    return results


def _sealed_bid_by_token(runner: Runner, records: Records) -> list[Result]:
    """The API's sealed-bid endpoints again, signed in with an API token (as scripts are) instead of a session."""
    from commissioning.accounts.services import api_token_issue

    by_name = {route.name: route for route in project_routes()[0]}
    paths = {
        "api:bid": reverse("api:bid", kwargs={"pk": records.sealed_bid.pk}),
        "api:procurement-bids": reverse("api:procurement-bids", kwargs={"pk": records.tender.pk}),
    }
    results = []
    for role in ROLES:
        for ownership, organisation in ((OWN, records.own_organisation), (OTHER, records.other_organisation)):
            token = api_token_issue(user=records.users[(role, organisation.pk)], actor=None).key
            for name, path in paths.items():
                status, outcome, error, seen = runner.fetch("GET", path, "", token=token)
                cell = Cell(name, SEALED, role, ownership)
                result = Result(
                    by_name[name], cell, outcome, status, path, error, seen, organisation=organisation
                )
                results.append(result)
    return results


def run_matrix() -> MatrixRun:
    """Build the records and request every cell. Call inside a transaction that is rolled back afterwards."""
    started = time.monotonic()
    # Sessions in signed cookies: one query fewer per request, and nothing to save.
    sessions = override_settings(
        SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies", SESSION_SAVE_EVERY_REQUEST=False
    )
    sessions.enable()
    try:
        return _run(started)
    finally:
        sessions.disable()


def _run(started: float) -> MatrixRun:
    records = Records()
    setup_seconds = time.monotonic() - started
    models = _models()
    routes, admin_routes = project_routes()
    runner = Runner(records)
    results, missing = [], []
    # Thousands of refusals are expected here: Django's log of each (with its traceback) would cost more than
    # the requests. Server errors are still caught, by the got_request_exception signal.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.CRITICAL)
    try:
        with (
            mock.patch("weasyprint.HTML", _HtmlWithoutLayout),
            mock.patch("weasyprint.CSS"),
            mock.patch.object(get_resolver(), "resolve_error_handler", _plain_error_handler),
            mock.patch.object(
                SimpleTemplateResponse,
                "rendered_content",
                property(lambda response: runner.rendered_content(response, _render_template_response)),
            ),
            mock.patch.object(
                APIResponse,
                "rendered_content",
                property(lambda response: runner.rendered_content(response, _render_api_response)),
            ),
            mock.patch.object(SchemaGenerator, "get_schema", _schema_once()),
            # Permissions come from the rules; nobody in the matrix holds a Django model permission (Records
            # checks), so the model backend's two queries per request would always answer "none".
            mock.patch.object(ModelBackend, "get_all_permissions", return_value=set()),
        ):
            for route in routes:
                try:
                    cases = cases_for(route, records, models)
                except MissingRecord as exc:
                    missing.append(str(exc))
                    continue
                for case in cases:
                    path = route.path(case.kwargs)
                    for role, ownership in _people(case.owner is not None):
                        results.append(runner.fetch_cell(route, case, path, role, ownership))
            admin_results = _admin_site(runner, records, admin_routes)
            token_results = _sealed_bid_by_token(runner, records)
    finally:
        runner.close()
        request_log.setLevel(level)
    return MatrixRun(
        results,
        admin_results,
        token_results,
        routes,
        records,
        time.monotonic() - started,
        setup_seconds,
        missing,
    )


# The table ---------------------------------------------------------------------------------------------------


def read_table(path: Path = TABLE) -> dict[tuple[str, str, str, str], dict]:
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            (row["url_name"], row["case"], row["role"], row["ownership"]): row
            for row in csv.DictReader(handle)
        }


def write_table(rows: dict[tuple[str, str, str, str], dict], path: Path = TABLE) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for key in rows:
            writer.writerow(rows[key])


def differences(expected: dict, actual: dict) -> list[str]:
    """Every cell that differs, one line each, in the order of the actual run."""
    lines = []
    for key, row in actual.items():
        label = _label(row)
        if key not in expected:
            lines.append(f"new      {label}: {row['method']} {row['outcome']} (not in the table)")
        elif (expected[key]["method"], expected[key]["outcome"]) != (row["method"], row["outcome"]):
            lines.append(
                f"changed  {label}: table says {expected[key]['method']} {expected[key]['outcome']}, "
                f"got {row['method']} {row['outcome']}"
            )
    for key, row in expected.items():
        if key not in actual:
            lines.append(f"gone     {_label(row)}: in the table, but no such URL or cell now")
    return lines


def _label(row: dict) -> str:
    case = f" [{row['case']}]" if row["case"] else ""
    return f"{row['url_name']}{case} · {row['role']} · {row['ownership']}"
