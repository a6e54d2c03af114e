from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from payesh.display import person

from .models import Center, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name_fa", "name_en", "code"]
    search_fields = ["name_fa", "name_en", "code"]


@admin.register(Center)
class CenterAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fa", "county_fa", "kind", "head", "active", "province"]
    list_filter = ["province", "active", "kind", "county_fa"]
    search_fields = ["code", "name_fa", "name_en", "county_fa", "county_en"]
    list_select_related = ["province", "head"]
    # A center's head changes only on the people pages (accounts.services.set_head), which keep
    # who headed it from when to when and record the change.
    readonly_fields = ["head_changed_elsewhere"]
    exclude = ["head"]

    @admin.display(description=_("head"))
    def head_changed_elsewhere(self, obj):
        return _("%(name)s (changed on the people pages, /people/)") % {"name": person(obj and obj.head)}
