"""Django's rule of a password's least length, with the number in the page's digits: "دست‌کم ۸
نویسه" on a Persian page (Django writes it with %d, always in Latin digits). Named in
AUTH_PASSWORD_VALIDATORS in its place."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext

from payesh.display import number


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext("This password is too short. It must contain at least %(min_length)s character.",
                        "This password is too short. It must contain at least %(min_length)s characters.",
                        self.min_length) % {"min_length": number(self.min_length)}

    def get_help_text(self):
        return ngettext("Your password must contain at least %(min_length)s character.",
                        "Your password must contain at least %(min_length)s characters.",
                        self.min_length) % {"min_length": number(self.min_length)}
