from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile


class MailSettingsForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["email_notifications", "preferred_language"]
        labels = {"email_notifications": _("Send my notifications by email too"),
                  "preferred_language": _("Language of my notifications")}
