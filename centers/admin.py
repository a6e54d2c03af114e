from django.contrib import admin

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
    autocomplete_fields = ["head"]
