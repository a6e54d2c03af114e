from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_scope import ProvinceScopedAdmin
from payesh.admin import ReadOnlyAdminMixin

from .models import AllocationReturn, Commitment, FiscalYear, Measure, ProvinceCommitment, Sector, TrainingArea


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


@admin.register(ProvinceCommitment)
class ProvinceCommitmentAdmin(ProvinceScopedAdmin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read only: a province's totals change through the allocation page and the national letter
    (commitments.services), each with its history."""

    list_display = ["year", "province", "sector", "measure", "target", "letter_number", "letter_date"]
    list_filter = ["year", "sector", "measure", ("province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["province", "sector", "measure"]


@admin.register(AllocationReturn)
class AllocationReturnAdmin(ProvinceScopedAdmin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: returned through the national allocation page (commitments.returns)."""

    list_display = ["year", "province", "returned_by", "returned_at", "addressed_by", "addressed_at"]
    list_filter = ["year", ("province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["province", "returned_by", "addressed_by"]
