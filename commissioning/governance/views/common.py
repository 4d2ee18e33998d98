"""Shared parts of the boards and decisions pages: permissions, CSV columns, record tabs and history."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView

from commissioning.core.selectors import history_for
from commissioning.core.views import (
    PermissionMixin,
)
from commissioning.governance import selectors

VIEW = "governance.view_governance"
MANAGE = (VIEW, "governance.manage_governance")


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _get(selector, pk):
    try:
        return selector(pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def money(value) -> str:
    return "" if value is None else f"{value:.2f}"


DECISION_COLUMNS = [
    ("Reference", lambda d: d.reference),
    ("Date decided", lambda d: d.decided_on.isoformat()),
    ("Decided by", lambda d: d.body.name),
    ("Decision", lambda d: d.decision),
    ("Amount", lambda d: money(d.amount)),
    ("Within delegated authority", lambda d: "Yes" if d.within_authority else "No"),
    ("Delegated authority limit", lambda d: money(d.authority_limit)),
    ("Conditions", lambda d: d.conditions),
]

ACTION_COLUMNS = [
    ("Reference", lambda a: a.reference),
    ("Action", lambda a: a.title),
    ("Owned by", lambda a: a.owner_body.name),
    ("Lead", lambda a: a.owner.get_full_name() if a.owner else ""),
    ("Due", lambda a: a.due_on.isoformat()),
    ("Status", lambda a: a.get_status_display()),
    ("Latest update", lambda a: a.latest_updates[0].note if a.latest_updates else ""),
]


def _tabs(record, current):
    names = {"Body": "body", "Meeting": "meeting", "Decision": "decision", "Action": "action"}
    name = names[type(record).__name__]
    return [
        {
            "label": "Details",
            "url": reverse(f"governance:{name}-detail", args=[record.pk]),
            "current": current == "details",
        },
        {
            "label": "History",
            "url": reverse(f"governance:{name}-history", args=[record.pk]),
            "current": current == "history",
        },
    ]


class HistoryView(PermissionMixin, TemplateView):
    permission = VIEW
    template_name = "governance/history.html"
    selector = None

    def get_context_data(self, **kwargs):
        record = _get(type(self).selector, self.kwargs["pk"])
        return super().get_context_data(
            record=record, history=history_for(record), record_tabs=_tabs(record, "history"), **kwargs
        )


class BodyHistoryView(HistoryView):
    selector = staticmethod(selectors.body_detail)
