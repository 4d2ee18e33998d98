"""The header's service navigation, by role: each entry shows only to people who may use it."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None


NAVIGATION = [
    NavItem("Home", "core:home"),
    NavItem("Due soon", "reminders:due", "reminders.show_in_navigation"),
    NavItem("Commissioning activities", "cycle:list", "cycle.view_activity_list"),
    NavItem("Needs assessment", "needs:home", "needs.view_indicators"),
    NavItem("Services", "services:list", "services.view_services"),
    NavItem("Funding", "funding:home", "funding.view_funding"),
    NavItem("Procurement", "procurement:list", "procurement.view_procurements"),
    NavItem("Contracts", "contracts:list", "contracts.view_agreements"),
    NavItem("Opportunities", "procurement:portal-home", "procurement.use_portal"),
    NavItem("My panels", "procurement:my-panels", "procurement.view_panels"),
    NavItem("Monitoring", "monitoring:home", "monitoring.view_monitoring"),
    NavItem("Monitoring returns", "monitoring:returns", "monitoring.use_returns_portal"),
    NavItem("Involvement", "engagement:list", "engagement.view_involvement"),
    NavItem("Have your say", "engagement:panel-home", "engagement.use_panel_view"),
    NavItem("Quality assurance", "assurance:home", "assurance.view_assurance"),
    NavItem("Evidence from the records", "assurance:computed", "assurance.view_assurance"),
    NavItem("Quality checks", "quality:mine", "quality.use_portal"),
    NavItem("Boards and decisions", "governance:home", "governance.view_governance"),
    NavItem("Open data", "publishing:home", "publishing.view_publishing"),
    NavItem("Organisations", "organisations:list", "organisations.view_organisation_list"),
    NavItem("People", "organisations:people", "organisations.manage_people"),
    NavItem("Background jobs", "jobs:list", "jobs.view_jobs"),
    NavItem("Framework library", "frameworks:list", "frameworks.view_library"),
]


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for item in NAVIGATION:
        if item.permission and not user.has_perm(item.permission):
            continue
        url = reverse(item.url_name)
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return items
