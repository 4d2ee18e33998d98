"""The product's URLs, and two pages to compare it with: the floor (a trivial page on the same base template, through
the same middleware) and Django admin's changelist of the contracts register's rows."""

from django.contrib import admin
from django.contrib.auth.mixins import LoginRequiredMixin
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path
from django.views import View

from commissioning.contracts.models import Agreement
from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as product_urlpatterns

FLOOR = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Floor{% endblock %}'
    '{% block content %}<h1 class="govuk-heading-xl">Floor</h1>{% endblock %}'
)


class FloorView(LoginRequiredMixin, View):
    def get(self, request):
        return TemplateResponse(request, FLOOR, {})


class AgreementAdmin(admin.ModelAdmin):
    """The register's columns, filters and search, as Django admin would show them."""

    list_display = [
        "reference", "title", "provider", "commissioner", "agreement_type", "annual_value", "starts_on", "ends_on",
        "status",
    ]  # fmt: skip
    list_filter = ["status", "agreement_type"]
    list_select_related = ["provider", "commissioner"]
    search_fields = ["reference", "title", "provider__name"]
    list_per_page = 25  # as the register


bench_admin = admin.AdminSite(name="bench_admin")
bench_admin.register(Agreement, AgreementAdmin)

urlpatterns = [
    path("bench/floor/", FloorView.as_view(), name="bench-floor"),
    path("bench/admin/", bench_admin.urls),
    *product_urlpatterns,
]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
