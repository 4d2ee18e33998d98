from django.contrib import admin

from commissioning.core.admin import NoDeleteAdmin
from commissioning.frameworks.models import Framework, FrameworkItem


@admin.register(Framework)
class FrameworkAdmin(NoDeleteAdmin):
    list_display = ["title", "kind", "council", "source_year"]
    list_filter = ["kind", "council"]
    search_fields = ["title", "summary"]
    readonly_fields = ["slug", "content_hash", "position"]


@admin.register(FrameworkItem)
class FrameworkItemAdmin(NoDeleteAdmin):
    list_display = ["framework", "ref", "kind", "title"]
    list_filter = ["framework", "kind"]
    list_select_related = ["framework"]
    search_fields = ["ref", "title", "text"]
    readonly_fields = ["framework", "parent", "ref", "sort_key", "depth", "search_text"]
