from django.contrib import admin

from commissioning.core.admin import NoDeleteAdmin
from commissioning.organisations.models import Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(NoDeleteAdmin):
    list_display = ["name", "organisation_type", "sector", "is_partner", "is_provider", "archived_at"]
    list_filter = ["organisation_type", "sector", "is_partner", "is_provider"]
    search_fields = ["name", "companies_house_number", "charity_number", "other_identifier"]
    readonly_fields = ["version", "archived_at", "archived_by", "created_at", "updated_at"]


@admin.register(Membership)
class MembershipAdmin(NoDeleteAdmin):
    list_display = ["user", "organisation", "role", "archived_at"]
    list_filter = ["role"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
