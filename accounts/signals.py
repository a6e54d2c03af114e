from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .profile import chosen_language


@receiver(user_logged_in)
def follow_the_profile_language(sender, request, user, **kwargs):
    """The language saved on the profile applies from the login on (AccountMiddleware sets it
    in the cookie of the login's response)."""
    if request is not None:
        request.payesh_login_language = chosen_language(user)
