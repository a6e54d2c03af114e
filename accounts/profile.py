"""The one way to read a user's profile (language, mail on or off, first-login rule)."""

from .models import Profile


def profile_of(user):
    """The user's profile, created with the defaults the first time it is asked for."""
    cached = getattr(user, "_payesh_profile", None)
    if cached is None:
        cached = saved_profile(user)
        if cached is None:
            cached, _created = Profile.objects.get_or_create(user=user)
        user._payesh_profile = cached
    return cached


def saved_profile(user):
    """The profile row if it exists, without creating one (the login backend reads it with the
    user, so this costs no query on a page)."""
    cached = getattr(user, "_payesh_profile", None)
    if cached is not None:
        return cached
    try:
        return user.payesh_profile
    except Profile.DoesNotExist:
        return None


def preferred_language(user):
    """The language to write to this person in: the one they chose, else the site's."""
    return profile_of(user).language


def must_change_password(user):
    """The first-login rule: an account given an initial password must choose its own first."""
    profile = saved_profile(user) if user.is_authenticated else None
    return profile is not None and profile.must_change_password


def access_version(user):
    """How many times the account's access was ended (accounts.services.end_access): sessions and
    reset links made under another number no longer work."""
    profile = saved_profile(user)
    return profile.access_version if profile is not None else 0


def chosen_language(user):
    """The language a user saved on their profile page, or None if they never saved one (then
    the language switch alone decides)."""
    profile = saved_profile(user)
    return (profile.preferred_language or None) if profile is not None else None


def profiles_of(users):
    """{user pk: profile} of many users, in one query at most (none when each was read with its
    profile, `select_related("payesh_profile")`). A user who never saved one gets the defaults,
    not saved: reading many people's language costs no write."""
    found, unread = {}, []
    for user in users:
        cached = getattr(user, "_payesh_profile", None)
        if cached is None and type(user).payesh_profile.is_cached(user):
            cached = saved_profile(user) or Profile(user=user)
        if cached is None:
            unread.append(user)
        else:
            found[user.pk] = cached
    if unread:
        saved = {p.user_id: p for p in Profile.objects.filter(user__in=[u.pk for u in unread])}
        found.update({u.pk: saved.get(u.pk) or Profile(user=u) for u in unread})
    return found
