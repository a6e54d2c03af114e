"""The page of personal API tokens (/api/tokens/): make one with a name (shown once), see when
each was last used, revoke. A user sees and revokes only their own."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

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
            token, shown = tokens.create(request.user, form.cleaned_data["name"])
            form = TokenForm()
    return render(request, "api/tokens.html", {
        "form": form, "shown": shown, "tokens": tokens.tokens_of(request.user),
    })


@login_required
@require_POST
def revoke(request, pk):
    token = get_object_or_404(tokens.tokens_of(request.user), pk=min(pk, ID_MAX))
    tokens.revoke(token)
    messages.success(request, _("The token “%(name)s” was revoked; it no longer opens the API.") % {"name": token.name})
    return redirect("api:tokens")
