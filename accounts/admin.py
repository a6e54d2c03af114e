"""The admin's user pages keep the people rules: a user added, deactivated, reactivated or given
other roles there leaves the same AccountChange as on the people pages, and deactivation goes
through accounts.services (so a center it heads is left without a head, with its history)."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from . import services
from .models import AccountChange

User = get_user_model()


class PeopleUserAdmin(UserAdmin):
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
        before = set(form.instance.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.groups.values_list("name", flat=True))
        if change and before != after:
            services.record(AccountChange.Kind.ROLES_CHANGED, person=form.instance, by=request.user)


admin.site.unregister(User)
admin.site.register(User, PeopleUserAdmin)
