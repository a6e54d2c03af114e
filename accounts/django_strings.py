"""Django's own password messages, in Payesh's words: Django's Persian catalogue mixes two words
for password and tells people to "enter the previous password" where it means "repeat the new
one" (the rule of a password's least length is ours, with its number in the page's digits:
accounts/passwords.py). Django's "This field is required." is here too: DRF's catalogue says it otherwise
("this value"), and an app's catalogue would win over Django's on every form. Listed here so makemessages keeps them in accounts/locale, which Django reads before its
own (accounts comes before django.contrib.auth in INSTALLED_APPS). Nothing imports this module."""

from django.utils.translation import gettext_noop

STRINGS = [
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Old password"),
    gettext_noop("This field is required."),
]
