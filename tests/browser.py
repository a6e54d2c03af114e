"""Helpers for the browser tests."""

import os
from urllib.parse import quote

from tests.factories import PASSWORD


def log_in(page, live_server, username, password=PASSWORD, next_path=""):
    """Log in through the real login form; the caller waits for the page it expects next."""
    suffix = f"?next={quote(next_path)}" if next_path else ""
    page.goto(f"{live_server.url}/accounts/login/{suffix}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def shoot(page, artifacts, name):
    """The page as a screenshot at a desktop's width and at a phone's (390 px), in `artifacts`."""
    page.screenshot(path=os.path.join(artifacts, f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=os.path.join(artifacts, f"{name}-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
