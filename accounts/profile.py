"""The one way to read a user's profile (language, mail on or off, first-login rule)."""

from .models import Profile


def profile_of(user):
    """The user's profile, created with the defaults the first time it is asked for."""
    cached = getattr(user, "_payesh_profile", None)
    if cached is None:
        cached, _created = Profile.objects.get_or_create(user=user)
        user._payesh_profile = cached
    return cached


def preferred_language(user):
    return profile_of(user).preferred_language
