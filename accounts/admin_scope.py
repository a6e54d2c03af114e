"""The admin keeps the provinces too: a user who is not a superuser sees in it only the rows of
the provinces they work in (accounts.access.directorate_provinces; a center's rows: the centers
whose own pages they open, so a head their own center's), changes only those of the provinces
they plan (planning_provinces), and a form's choice of a province or a center offers only those.
Every app's admin.py puts this mixin before its ModelAdmin, naming the path from its model to a
center (`center_field`) or, for a row of no center, to a province (`province_field`)."""

from centers.models import Center, Province

from . import access


def province_id_of(obj, path):
    """The id of the province `path` ("center__province") leads to from obj (None when a link
    on the way is empty)."""
    *links, last = path.split("__")
    for link in links:
        obj = getattr(obj, link, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None) if last != "pk" else obj.pk


def follow(obj, path):
    """What `path` ("report__center") leads to from obj (None when a link on the way is empty)."""
    for link in path.split("__"):
        obj = getattr(obj, link, None) if obj is not None else None
    return obj


class ProvinceScopedAdmin:
    center_field = None  # the path from the model to its center ("pk" for a center), if it has one
    province_field = "province"  # else the path to its province

    @property
    def province_path(self):
        return self.province_field if self.center_field is None else (
            "province" if self.center_field == "pk" else f"{self.center_field}__province")

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if self.center_field is None:
            return access.directorate_provinces(request.user).filter(rows, self.province_field)
        return rows.filter(**{f"{self.center_field}__in": access.viewable_centers(request.user, Center.objects.all())})

    def in_scope(self, request, obj, found):
        return obj is None or province_id_of(obj, self.province_path) in found

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        if obj is None or self.center_field is None:
            return self.in_scope(request, obj, access.directorate_provinces(request.user))
        center = obj if self.center_field == "pk" else follow(obj, self.center_field)
        return center is not None and access.can_view_center(request.user, center)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(
            request, obj, access.planning_provinces(request.user))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(
            request, obj, access.planning_provinces(request.user))

    def has_view_history_or_change_history_permission(self, request, obj):
        # django-simple-history's history pages read the history table, past get_queryset
        return super().has_view_history_or_change_history_permission(request, obj) and self.has_view_permission(
            request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.related_model is Center:
            field.queryset = access.planning_provinces(request.user).filter(field.queryset, "province")
        elif field is not None and db_field.related_model is Province:
            field.queryset = access.planning_provinces(request.user).filter(field.queryset, "pk")
        return field
