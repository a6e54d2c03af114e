"""Password reset by email: Django's pages and link format, with Payesh's rules.

- The link is PAYESH_SITE_URL followed by its path, never made from the request's Host and port.
- The answer is the same, and costs the same, for a known and an unknown address: the request
  reads the accounts with that address (one query either way) and hands the rest (the link, the
  mail in its owner's language, the mail server) to the worker that runs after the response
  (payesh/background.py).
- An address names one account (accounts.services.email_in_use): one still shared by several
  accounts reaches none of them.
- A link stops working once it is used, once the password changes, and once the account's access
  is ended (a deactivation, a new initial password, another reset: services.end_access), even if
  the account is reactivated since.
"""

import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMessage
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override

from .profile import access_version, chosen_language

SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
BODY_TEMPLATE = "registration/password_reset_email.html"


class ResetLinks(PasswordResetTokenGenerator):
    """Django's reset tokens, also ended by services.end_access."""

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}:{access_version(user)}"


reset_links = ResetLinks()


def same_address(a, b):
    """Equal as people mean it (Unicode case folding), as Django's reset form compares them."""
    def fold(value):
        return unicodedata.normalize("NFKC", value).casefold()
    return fold(a) == fold(b)


class ResetRequestForm(PasswordResetForm):
    def owner(self):
        """The one account with this address, if it is active and has a password; else None.
        One query, whether or not an account has the address."""
        email = self.cleaned_data["email"]
        found = list(get_user_model()._default_manager.select_related("payesh_profile").filter(email__iexact=email))
        found = [user for user in found if same_address(email, user.email)]
        if len(found) != 1 or not found[0].is_active or not found[0].has_usable_password():
            return None
        return found[0]


def send_link(user):
    """Mail `user` their reset link, in their language (run after the response; reads nothing
    from the database: the profile came with the user)."""
    if user is None:
        return
    with override(chosen_language(user) or settings.LANGUAGE_CODE):
        context = {
            "user": user, "site_url": settings.PAYESH_SITE_URL, "token": reset_links.make_token(user),
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        }
        subject = "".join(loader.render_to_string(SUBJECT_TEMPLATE, context).splitlines())
        body = loader.render_to_string(BODY_TEMPLATE, context)
    EmailMessage(subject, body, to=[user.email]).send()
