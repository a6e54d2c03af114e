from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_scope import ProvinceScopedAdmin
from payesh.admin import ReadOnlyAdminMixin

from .models import Figure, MonthlyReport


class FigureInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Figure
    extra = 0
    fields = ["sector", "area", "measure", "value", "comment"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ProvinceScopedAdmin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    center_field = "center"
    list_display = ["center", "year", "month", "status", "version", "submitted_at", "approved_at"]
    list_filter = ["year", "month", "status", ("center", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["center__name_fa", "center__code"]
    list_select_related = ["center"]
    inlines = [FigureInline]


@admin.register(Figure)
class FigureAdmin(ProvinceScopedAdmin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    center_field = "report__center"
    list_display = ["report", "sector", "area", "measure", "value"]
    list_filter = ["report__year", "report__month", "sector", "area", "measure",
                   ("report__center", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["report__center__name_fa", "report__center__code"]
    list_select_related = ["report__center", "sector", "area", "measure"]
