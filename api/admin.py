"""The DHIS2 mapping is configuration: editable here by whoever may use the admin. Tokens are
made and revoked by their owner on /api/tokens/; here they are only listed."""

from django.contrib import admin

from accounts.admin_scope import ProvinceScopedAdmin
from payesh.admin import ReadOnlyAdminMixin

from .models import ApiToken, DataElementMapping, Dhis2Push, OrgUnitMapping


@admin.register(OrgUnitMapping)
class OrgUnitMappingAdmin(ProvinceScopedAdmin, admin.ModelAdmin):
    center_field = "center"
    list_display = ["center", "org_unit"]
    search_fields = ["center__code", "center__name_fa", "org_unit"]


@admin.register(DataElementMapping)
class DataElementMappingAdmin(admin.ModelAdmin):
    list_display = ["measure", "sector", "area", "data_element", "category_option_combo"]
    list_filter = ["measure", "sector"]
    search_fields = ["data_element", "category_option_combo"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    exclude = ["digest"]


@admin.register(Dhis2Push)
class Dhis2PushAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "user", "year", "month", "dry_run", "status", "values", "imported", "updated", "ignored",
                    "registrations"]
    list_filter = ["dry_run", "status", "year"]
