"""The page of personal API tokens (/api/tokens/): make one with a name (shown once), see when
each was last used, revoke. A user sees and revokes their own there; the director and planners
see and revoke the live tokens of the people they manage on /api/tokens/people/, one of the
people pages (accounts.access.manageable_people)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from drf_spectacular.views import SpectacularSwaggerSplitView

from accounts import access
from payesh.limits import ID_MAX

from . import tokens


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the new token"), max_length=100,
                           help_text=gettext_lazy("Say where it will be used, e.g. “national DHIS2 sync”."))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name


@login_required
def tokens_page(request):
    form, shown = TokenForm(), None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                token, shown = tokens.create(request.user, form.cleaned_data["name"])
            except tokens.TooManyTokens as refused:
                form.add_error(None, str(refused))
            else:
                form = TokenForm()
    return render(request, "api/tokens.html", {
        "form": form, "shown": shown, "tokens": tokens.tokens_of(request.user),
    })


@login_required
@require_POST
def revoke(request, pk):
    token = get_object_or_404(tokens.tokens_of(request.user), pk=min(pk, ID_MAX))
    tokens.revoke(token, by=request.user)
    messages.success(request, _("The token “%(name)s” was revoked; it no longer opens the API.") % {"name": token.name})
    return redirect("api:tokens")


@login_required
def people_tokens(request):
    """The live tokens of the people the user manages, each with its owner and a revoke button."""
    access.require_people(request.user)
    return render(request, "api/people_tokens.html", {"tokens": tokens.managed_by(request.user)})


@login_required
@require_POST
def revoke_for(request, pk):
    """Revoke the token of someone the user manages (recorded with who did it)."""
    access.require_people(request.user)
    token = get_object_or_404(tokens.managed_by(request.user), pk=min(pk, ID_MAX))
    tokens.revoke(token, by=request.user)
    messages.success(request, _("The token “%(name)s” of %(person)s was revoked; it no longer opens the API.") % {
        "name": token.name, "person": token.user.get_full_name() or token.user.get_username()})
    return redirect("api:people_tokens")


class ApiDocs(SpectacularSwaggerSplitView):
    """The API's documentation (Swagger UI, from our static files) inside the site's layout: the
    header and menu, a way back to the tokens page, the page's language, and Swagger UI itself in
    English, left to right (the schema's words are English)."""

    template_name = "api/docs.html"
