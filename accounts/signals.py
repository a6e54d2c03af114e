from django.contrib.auth.signals import user_logged_in
from django.dispatch import Signal, receiver

from .profile import access_version, chosen_language

# Sent with `person` by accounts.services.end_access, inside its transaction: other parts of Payesh
# end what they hold for the account (api revokes its tokens).
access_ended = Signal()

# The account's access version the session was opened under (AccountMiddleware compares it).
SESSION_ACCESS_VERSION = "payesh_access_version"


@receiver(user_logged_in)
def follow_the_profile_language(sender, request, user, **kwargs):
    """The language saved on the profile applies from the login on (AccountMiddleware sets it
    in the cookie of the login's response)."""
    if request is not None:
        request.payesh_login_language = chosen_language(user)


@receiver(user_logged_in)
def remember_the_access_version(sender, request, user, **kwargs):
    """A session is good while its account's access has not been ended since it was opened."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_ACCESS_VERSION] = access_version(user)
