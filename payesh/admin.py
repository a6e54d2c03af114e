"""The admin edits reference data only (provinces, centers, sectors, areas, measures, users and
roles). Models with a workflow or an audit rule (reports, figures, commitments, phasing,
allocations, meetings, remarks, action items, courses) are written only through their services,
which check the rules and keep the history; in the admin they are read-only for everyone,
superusers included. Every app's admin.py uses this one mixin for them."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from .models import Batch, BatchRow


class ReadOnlyAdminMixin:
    """Shows the model and never writes it: no add, change or delete, for any user. Works for a
    ModelAdmin, an inline, and a SimpleHistoryAdmin (whose revert form would otherwise save for
    anyone allowed to view)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, *args, **kwargs):
        # simple-history saves this form for any user with the view permission: allow reading only.
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, *args, **kwargs)


class BatchRowInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = BatchRow
    fields = readonly_fields = ["model", "object_id", "before", "after"]
    extra = 0


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Batch changes are made and undone through their owners' services (payesh/batches.py)."""

    list_display = ["pk", "kind", "made_at", "made_by", "undone_at"]
    list_filter = ["kind"]
    list_select_related = ["made_by"]
    inlines = [BatchRowInline]
