"""In a real browser: a head makes a token on /api/tokens/ (shown once, then used), and the API's
documentation (Swagger UI from our static files) runs under the content security policy, with
nothing loaded from another host."""

import os

import pytest

from tests.browser import screenshot, sign_in
from tests.reports.test_progress import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(people, reference):
    build(people)
    return people


def test_a_head_makes_a_token_and_reads_the_api_docs(page, live_server, artifacts, data):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in(page, live_server, "head-a", next_path="/")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/api/tokens/")
    page.fill("input[name=name]", "همگام‌سازی DHIS2")
    page.click("#new-token-form button[type=submit]")
    token = page.inner_text("#token-value").strip()
    assert token.startswith("pay_")
    screenshot(page, path=os.path.join(artifacts, "api-tokens.png"), full_page=True)
    response = page.request.get(f"{live_server.url}/api/centers/CA/reports/1405/2/",
                                headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200 and response.json()["status"] == "approved"
    page.reload()
    assert token not in page.content()  # shown once

    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock-summary-path", timeout=15000)  # Swagger UI drew the operations
    assert "/api/centers/{code}/reports/{year}/{month}/" in page.inner_text("body")
    screenshot(page, path=os.path.join(artifacts, "api-docs.png"))
    assert not [e for e in errors if "Content Security Policy" in e], errors
    outside = [u for u in page.requested_urls if not u.startswith(live_server.url) and not u.startswith("data:")]
    assert outside == []
