from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_scope import ProvinceScopedAdmin
from payesh.admin import ReadOnlyAdminMixin

from .models import Commitment, FiscalYear, Measure, Sector, TrainingArea


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ["year", "closed"]
    list_filter = ["closed"]

    def has_delete_permission(self, request, obj=None):
        # Without its row a closed year would silently count as open again.
        return False


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name_fa", "name_en", "code", "order"]
    search_fields = ["name_fa", "name_en", "code"]


@admin.register(TrainingArea)
class TrainingAreaAdmin(admin.ModelAdmin):
    list_display = ["name_fa", "name_en", "code", "sector", "order", "active"]
    list_filter = ["sector", "active"]
    search_fields = ["name_fa", "name_en", "code"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name_fa", "unit_fa", "code", "order"]
    search_fields = ["name_fa", "name_en", "code"]


@admin.register(Commitment)
class CommitmentAdmin(ProvinceScopedAdmin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    center_field = "center"
    list_display = ["year", "center", "sector", "area", "measure", "target", "letter_number", "letter_date"]
    list_filter = ["year", "sector", "area", "measure", ("center", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["center__name_fa", "center__code", "letter_number"]
    list_select_related = ["center", "sector", "area", "measure"]
