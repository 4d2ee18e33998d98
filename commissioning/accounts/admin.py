from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from commissioning.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Work", {"fields": ("job_title",)}))

    def has_delete_permission(self, request, obj=None):
        return False
