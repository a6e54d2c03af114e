"""A person's own account: their password (changed, or reset by email) and their profile."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from payesh import background

from . import reset, sections, services
from .forms import NameAndEmailForm, ProfileSettingsForm
from .middleware import set_language_cookie
from .models import Profile
from .profile import must_change_password, saved_profile


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, in the site's layout; choosing a password meets the first-login rule."""

    success_url = reverse_lazy("password_change_done")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "first_login": must_change_password(self.request.user)}

    def form_valid(self, form):
        response = super().form_valid(form)  # saves, and keeps this session signed in
        services.password_chosen(self.request.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer, at the same cost, for any address: the mail (if the address names an
    account) goes after the response (accounts/reset.py)."""

    form_class = reset.ResetRequestForm

    def form_valid(self, form):
        response = HttpResponseRedirect(self.get_success_url())
        return background.after_response(response, reset.send_link, form.owner())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    token_generator = reset.reset_links

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_reset(form.user)
        return response


@login_required
def profile(request):
    """Name, email, language and mail on or off; and the settings other parts of Payesh add
    (accounts.sections)."""
    # not created by a visit: a saved profile's language applies at every login (accounts.signals)
    settings_ = saved_profile(request.user) or Profile(user=request.user)
    if request.method == "POST":
        names = NameAndEmailForm(request.POST, instance=request.user)
        choices = ProfileSettingsForm(request.POST, instance=settings_)
        if names.is_valid() and choices.is_valid():
            with transaction.atomic():
                names.save()
                choices.save()
            messages.success(request, _("Your profile is saved."))
            response = redirect("profile")
            set_language_cookie(response, choices.instance.preferred_language)
            return response
    else:
        names = NameAndEmailForm(instance=request.user)
        choices = ProfileSettingsForm(instance=settings_)
    return render(request, "accounts/profile.html", {
        "names": names, "choices": choices, "sections": sections.visible_to(request.user),
    })
