import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .roles import held_expressions, parse, remember

# What other parts of Payesh read with the signed-in user, in the same query (the header's count of
# unread notifications): each registers a function giving a query expression, from its
# AppConfig.ready, as accounts.sections; accounts imports none of them.
_READ_WITH_USER = {}


def read_with_user(name, expression):
    """Annotate the signed-in user of every request with `expression()` as `name`."""
    _READ_WITH_USER[name] = expression
    _user_with_what_they_hold.cache_clear()


class CaseInsensitiveModelBackend(ModelBackend):
    """Usernames match whatever case people type on a phone keyboard (head-TBZ1 = head-tbz1)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = get_user_model()._default_manager.filter(username__iexact=username.strip()).first()
        if user and user.check_password(password) and self.user_can_authenticate(user):
            return user
        if user is None:
            # Run the hasher once anyway, so a missing user takes as long as a wrong password.
            get_user_model()().set_password(password)
        return None

    def get_user(self, user_id):
        """The signed-in user of a request with their roles and where each is held, the center they
        head, their profile and what other parts registered (read_with_user: the count of unread
        notifications), in one query (every page asks them: the header, access, the first-login
        rule)."""
        user = _user_with_what_they_hold().filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        remember(user, parse(user._payesh_assignments, user._payesh_is_head))
        return user


@functools.cache
def _user_with_what_they_hold():
    """The query of get_user without its user, built once a process: putting its expressions
    together took a third of a request that only checks access (each request filters a copy)."""
    registered = {name: expression() for name, expression in _READ_WITH_USER.items()}
    return (get_user_model()._default_manager.select_related("headed_center", "payesh_profile")
            .annotate(**held_expressions(), **registered))


def normalized_username(request, credentials):
    """django-axes counts failures per username as typed in any case: HEAD-TBZ1 = head-tbz1."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()
