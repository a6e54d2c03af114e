"""The admin's user pages keep the people rules: a user added, deactivated, reactivated or given
other roles there leaves the same AccountChange as on the people pages, and deactivation goes
through accounts.services (so a center it heads is left without a head, with its history, and its
sessions and tokens end); a password typed here for someone else is an initial password (they
choose their own at next login, and whatever was made with the old one ends); an email address
names one account."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm

from . import services
from .forms import OwnEmail
from .models import AccountChange

User = get_user_model()


class PeopleUserForm(OwnEmail, UserChangeForm):
    pass


class PeopleUserAdmin(UserAdmin):
    form = PeopleUserForm

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
