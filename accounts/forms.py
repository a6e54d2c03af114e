from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from payesh.display import person
from payesh.forms import BatchConfirmForm

from . import roles
from .models import Profile
from .services import email_in_use, email_taken_message


class OwnEmail:
    """An email field whose address no other account has (a blank one is allowed to many):
    the profile, a new head on the people pages, the admin's user form."""

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip()
        if email_in_use(email, except_user=getattr(self, "instance", None)):
            raise forms.ValidationError(email_taken_message())
        return email


class NameAndEmailForm(OwnEmail, forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]
        widgets = {"email": forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"})}


class ProfileSettingsForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["preferred_language", "email_notifications"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields["preferred_language"]
        language.required = True  # saving the profile is choosing one
        language.choices = [c for c in language.choices if c[0]]
        if not self.instance.preferred_language:
            self.initial["preferred_language"] = get_language()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{person(obj)} ({obj.get_username()})"


def heads_without_center():
    """Active center heads who head no center now: those a center can be given to."""
    User = get_user_model()
    return (User.objects.filter(is_active=True, groups__name=roles.CENTER_HEAD)
            .filter(Q(headed_center__isnull=True)).order_by("username").distinct())


class HeadForm(OwnEmail, BatchConfirmForm):
    """The new head of a center: an account made here (with an initial password), or an
    existing head who has no center now."""

    existing = PersonChoiceField(queryset=None, required=False, label=_("An existing account without a center"))
    username = forms.CharField(label=_("Username of a new account"), max_length=150, required=False,
                               validators=[UnicodeUsernameValidator()],
                               widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False, widget=forms.EmailInput(attrs={"dir": "ltr"}))
    deactivate_previous = forms.BooleanField(label=_("Deactivate the previous head's account"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["existing"].queryset = heads_without_center()

    def clean(self):
        data = super().clean()
        existing, username = data.get("existing"), (data.get("username") or "").strip()
        if "existing" in self.errors or "username" in self.errors:
            return data
        if existing and username:
            raise forms.ValidationError(_("Choose an existing account or type a new username, not both."))
        if not existing and not username:
            raise forms.ValidationError(_("Choose an existing account or type a new username."))
        if username and get_user_model().objects.filter(username__iexact=username).exists():
            self.add_error("username", _("This username is taken."))
        data["username"] = username
        return data
