"""Django's changepassword, keeping the people rule of a password set by someone else (as in the
admin and on the people pages): its owner chooses their own at next login, and the account's
sessions, reset links and API tokens made before end (accounts.services.password_given)."""

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands.changepassword import Command as DjangoCommand

from accounts import services


class Command(DjangoCommand):
    def handle(self, *args, **options):
        result = super().handle(*args, **options)  # raises CommandError unless the password changed
        User = get_user_model()
        person = User._default_manager.using(options["database"]).get(
            **{User.USERNAME_FIELD: options["username"] or getpass.getuser()})
        services.password_given(None, person)
        return result
