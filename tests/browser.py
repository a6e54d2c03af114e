"""Helpers for the browser tests."""

from urllib.parse import quote

from tests.factories import PASSWORD


def log_in(page, live_server, username, password=PASSWORD, next_path=""):
    """Log in through the real login form; the caller waits for the page it expects next."""
    suffix = f"?next={quote(next_path)}" if next_path else ""
    page.goto(f"{live_server.url}/accounts/login/{suffix}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
