from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from centers.models import Province
from payesh.display import person
from payesh.forms import BatchConfirmForm
from payesh.i18n import local_name

from . import access, roles
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


def heads_without_center(by):
    """Active center heads who head no center now and whom `by` manages (their province's, last
    heading one of its centers): those a center can be given to."""
    User = get_user_model()
    heads = (User.objects.filter(is_active=True, groups__name=roles.CENTER_HEAD)
             .filter(Q(headed_center__isnull=True)).order_by("username").distinct())
    return access.manageable_people(by, heads)


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

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["existing"].queryset = heads_without_center(by)

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


def role_choices(by, provinces):
    """(role, label) of the roles `by` gives nationally or in one of `provinces`."""
    return [(role, label) for role, label in roles.ASSIGNED.items()
            if (access.can_give_role(by, role) if role in roles.NATIONAL_ROLES
                else any(access.can_give_role(by, role, p.pk) for p in provinces))]


class RoleForm(forms.Form):
    """A role to give: which, and in which province (none for a national role); what `by` may
    give there is checked in clean (accounts.access.can_give_role), as the service does."""

    role = forms.ChoiceField(label=_("Role"))
    province = forms.ModelChoiceField(queryset=Province.objects.none(), required=False, label=_("Province"),
                                      empty_label=_("national (no province)"))

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        provinces = access.people_provinces(by).filter(Province.objects.order_by("name_fa"), "pk")
        self.fields["province"].queryset = provinces
        self.fields["province"].label_from_instance = local_name
        listed = list(provinces)
        self.fields["role"].choices = role_choices(by, listed)
        if len(listed) == 1:
            self.fields["province"].initial = listed[0].pk

    def clean(self):
        data = super().clean()
        role, province = data.get("role"), data.get("province")
        if role is None:
            return data
        if (role in roles.NATIONAL_ROLES) != (province is None):
            raise forms.ValidationError(_("A national role is held in no province; a director, planner or staff "
                                          "member in one: choose the province."))
        if not access.can_give_role(self.by, role, province):
            raise forms.ValidationError(_("You may not give this role in this province."))
        return data


class NewPersonForm(OwnEmail, RoleForm):
    """A new account holding a role: its username, name and email, and the role."""

    username = forms.CharField(label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()],
                               widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False, widget=forms.EmailInput(attrs={"dir": "ltr"}))

    field_order = ["username", "first_name", "last_name", "email", "role", "province"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username
