from django.contrib import admin

from accounts.admin_scope import ProvinceScopedAdmin
from payesh.admin import ReadOnlyAdminMixin

from .models import ActionItem, CenterRemark, Meeting


class CenterRemarkInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = CenterRemark
    extra = 0
    autocomplete_fields = ["center"]


class ActionItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ActionItem
    extra = 0
    fields = ["text", "responsible_center", "responsible_person", "due_date", "status"]


@admin.register(Meeting)
class MeetingAdmin(ProvinceScopedAdmin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "date", "province", "year", "month", "status"]
    list_filter = ["status", ("province", admin.RelatedOnlyFieldListFilter), "year"]
    search_fields = ["title", "agenda", "minutes"]
    date_hierarchy = "date"
    filter_horizontal = ["attendees"]
    readonly_fields = ["snapshot", "finalized_at", "finalized_by", "created_by"]
    inlines = [CenterRemarkInline, ActionItemInline]


@admin.register(ActionItem)
class ActionItemAdmin(ProvinceScopedAdmin, ReadOnlyAdminMixin, admin.ModelAdmin):
    province_field = "meeting__province"
    list_display = ["text", "meeting", "responsible_center", "responsible_person", "due_date", "status"]
    list_filter = ["status", ("meeting__province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text", "responsible_person", "responsible_center__name_fa"]
