"""What many tests need: a signed-in client, a free loopback port. (Browser helpers: tests/browser.py.)"""

import socket

from django.conf import settings
from django.test import Client


def client_for(user, language=None):
    """A test client signed in as `user`; with `language`, the page's language chosen by cookie."""
    client = Client()
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def free_port():
    """A loopback port nobody listens on (for a server a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
