from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_scope import ProvinceScopedAdmin
from payesh.admin import ReadOnlyAdminMixin

from .models import Course


@admin.register(Course)
class CourseAdmin(ProvinceScopedAdmin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    center_field = "center"
    list_display = ("title", "center", "year", "month", "area", "hours", "completed", "certified")
    list_filter = ("year", "month", "sector", "area", "cluster", "gender")
    search_fields = ("title", "place", "trainer", "center__name_fa", "center__code")
    list_select_related = ("center", "area")
    readonly_fields = ("year", "month")
