from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


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


def normalized_username(request, credentials):
    """django-axes counts failures per username as typed in any case: HEAD-TBZ1 = head-tbz1."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()
