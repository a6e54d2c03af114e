"""The admin's user pages keep the people rules: a user added, deactivated, reactivated or given
other roles there leaves the same AccountChange as on the people pages, and deactivation goes
through accounts.services (so a center it heads is left without a head, with its history, and its
sessions and tokens end); a password typed here for someone else is an initial password (they
choose their own at next login, and whatever was made with the old one ends); an email address
names one account.

Roles held in a province are given and ended on the people pages (/people/<id>/roles/, through
accounts.services, with their record); here they are shown, and the role groups, which follow
them (the admin's model permissions), are not offered in the groups field. A user who is not a
superuser sees and changes here only the people their people pages manage, and the centers of
their provinces (accounts.admin_scope)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from centers.admin import CenterAdmin
from centers.models import Center

from . import access, roles, services
from .admin_scope import ProvinceScopedAdmin
from .forms import OwnEmail
from .models import AccountChange, RoleAssignment

User = get_user_model()


class PeopleUserForm(OwnEmail, UserChangeForm):
    pass


class PeopleUserAdmin(UserAdmin):
    form = PeopleUserForm
    readonly_fields = ["roles_held"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (_("Roles held"), {"fields": ["roles_held"]})]

    @admin.display(description=_("roles held"))
    def roles_held(self, obj):
        held = RoleAssignment.objects.open().filter(user=obj).select_related("province")
        names = [str(a) for a in held]
        return format_html("{}<br>{}", "; ".join(names) or "—",
                           _("Roles are given and ended on the people pages: /people/%(pk)s/roles/") % {"pk": obj.pk})

    def get_queryset(self, request):
        return access.listed_people(request.user, super().get_queryset(request)) if not request.user.is_superuser \
            else super().get_queryset(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or request.user.is_superuser or access.can_deactivate(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or request.user.is_superuser or access.can_deactivate(request.user, obj))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":  # the role groups follow the roles held
            kwargs["queryset"] = Group.objects.exclude(name__in=roles.ASSIGNED)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        was_active = change and User.objects.filter(pk=obj.pk, is_active=True).exists()
        deactivating = was_active and not obj.is_active
        if deactivating:
            obj.is_active = True  # services.deactivate does it, with the headship and the record
        super().save_model(request, obj, form, change)
        if not change:
            services.record(AccountChange.Kind.CREATED, person=obj, by=request.user)
        elif deactivating:
            try:
                services.deactivate(request.user, obj)
            except services.PeopleError as refused:
                self.message_user(request, str(refused), messages.ERROR)
        elif not was_active and obj.is_active:
            services.record(AccountChange.Kind.REACTIVATED, person=obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        person = form.instance
        before = set(person.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        held = set(RoleAssignment.objects.open().filter(user=person).values_list("role", flat=True))
        person.groups.add(*Group.objects.filter(name__in=held))  # the form offered no role group
        roles.forget(person)
        after = set(person.groups.values_list("name", flat=True))
        if change and before != after:
            services.record(AccountChange.Kind.ROLES_CHANGED, person=form.instance, by=request.user)

    def user_change_password(self, request, id, form_url=""):
        person = self.get_object(request, unquote(id))  # None for an unknown or malformed id: super() says 404
        before = person.password if person is not None else None
        response = super().user_change_password(request, id, form_url)
        if person is not None and request.method == "POST" and person.pk != request.user.pk:
            person.refresh_from_db(fields=["password"])
            if person.password != before:
                services.password_given(request.user, person)
        return response


admin.site.unregister(User)
admin.site.register(User, PeopleUserAdmin)


class ScopedCenterAdmin(ProvinceScopedAdmin, CenterAdmin):
    """centers/ is below accounts: the province rule is added here, to the centers' own admin."""

    center_field = "pk"


admin.site.unregister(Center)
admin.site.register(Center, ScopedCenterAdmin)
