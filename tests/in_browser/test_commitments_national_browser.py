"""A returned allocation as the province's planner sees it on a phone, in both languages: the
national organization's reason above the allocation table, with the button that marks it
addressed, and the page does not scroll sideways."""

import os

import pytest

from commitments import returns
from commitments.models import Measure, ProvinceCommitment, Sector
from tests import factories
from tests.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_planner_sees_the_returned_allocation_on_a_phone(reference, people, live_server, browser, artifacts):
    from accounts import roles

    national = factories.user("national", roles.NATIONAL_PLANNER)
    ProvinceCommitment.objects.create(province=people.center_a.province, year=1405, sector=Sector.objects.get(code="public"),
                                      measure=Measure.objects.get(code="person_hours"), target=100_000)
    returns.return_allocation(people.center_a.province, 1405, "سهم مراکز روستایی کمتر از ابلاغ است؛ دوباره تقسیم کنید.", national)
    url = f"/commitments/allocation/?province={people.center_a.province.pk}&year=1405"
    for language, says in (("fa", "سازمان این تقسیم را برگرداند"), ("en", "The national organization returned this allocation")):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page = context.new_page()
        sign_in(page, live_server, "planner", next_path=url)
        page.wait_for_url(lambda u: "/commitments/allocation/" in u)
        notice = page.locator("#allocation-returned")
        assert notice.is_visible() and says in notice.inner_text()
        assert "سهم مراکز روستایی" in notice.inner_text()
        assert page.locator("#allocation-returned button").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
        screenshot(page, path=os.path.join(artifacts, f"allocation-returned-{language}-390.png"), full_page=True)
        context.close()
