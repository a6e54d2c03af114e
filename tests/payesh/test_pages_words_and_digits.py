"""Small things that each cost trust (issue 23 §6), as a reader meets them: no middle dot between
parts of a label (in Vazirmatn it reads as a Persian zero), Persian digits on Persian pages (the
password rule, a dropped filter's value), a change of pace in points, one name for the focus
page, English headers that start alike, and no table header without a name."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from lxml import html as lxml_html

from api import tokens
from meetings import services as meeting_services
from tests.dashboards.test_years import build as build_years
from tests.meetings_helpers import meeting
from tests.support import client_for

KHORDAD = {"year": "1405", "month": "3"}
MIDDLE_DOT = "·"


@pytest.fixture
def years_data(people, reference, province):
    build_years(people, province)
    return people



def page(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response.content.decode()


def test_no_template_joins_parts_with_a_middle_dot():
    templates = [p for p in Path(settings.BASE_DIR).glob("**/templates/**/*.html") if ".venv" not in p.parts]
    assert templates and [str(p) for p in templates if MIDDLE_DOT in p.read_text()] == []


def test_no_message_of_the_code_or_its_translations_joins_parts_with_a_middle_dot():
    """Messages are built in Python too (an import's problems, a mapping's name in the admin)."""
    root = Path(settings.BASE_DIR)
    sources = [p for p in root.glob("*/**/*.py") if p.parts[len(root.parts)] not in (".venv", ".venv-load", "tests")]
    catalogs = [*root.glob("*/locale/*/LC_MESSAGES/django.po"), *root.glob("locale/*/LC_MESSAGES/django.po")]
    assert sources and catalogs
    assert [str(p) for p in sources + catalogs if MIDDLE_DOT in p.read_text(encoding="utf-8")] == []


def test_the_last_year_card_the_years_page_and_the_tokens_page_have_no_middle_dot(years_data):
    tokens.create(years_data.director, "DHIS2")
    client = client_for(years_data.director, "fa")
    for url in (reverse("dashboards:province"), reverse("dashboards:years"), reverse("api:tokens")):
        assert MIDDLE_DOT not in page(client, url, KHORDAD), url


@pytest.mark.parametrize("language, words", [("fa", '<span dir="ltr">+۲۱</span> واحد درصد'),
                                             ("en", 'change in pace <span dir="ltr">+21</span> points')])
def test_the_change_in_pace_is_in_points_not_percent(years_data, language, words):
    client = client_for(years_data.director, language)
    card = page(client, reverse("dashboards:province"), KHORDAD)
    card = card[card.index('id="last-year"'):]
    card = card[:card.index("</div>")]
    assert words in card and "+21%" not in card and "+۲۱٪" not in card  # 105.7% - 84.8% = 20.9 points
    years = page(client, reverse("dashboards:years"), KHORDAD)
    table = years[years.index('id="year-over-year"'):]
    assert ("(واحد درصد)" if language == "fa" else "(percentage points)") in table[:table.index("</thead>")]
    first_row = table[table.index("<tbody>"):table.index("</tr>", table.index("<tbody>"))]
    assert f'<td class="num"><span dir="ltr">{"+۲۱" if language == "fa" else "+21"}</span></td>' in first_row


@pytest.mark.parametrize("language, rule", [("fa", "دست‌کم ۸ نویسه"), ("en", "at least 8 characters")])
def test_the_password_rule_is_in_the_pages_digits(people, language, rule):
    client = client_for(people.head_a, language)
    assert rule in page(client, "/accounts/password/")
    refused = client.post("/accounts/password/", {"old_password": "x", "new_password1": "a1b2", "new_password2": "a1b2"})
    assert rule in refused.content.decode()  # "this password is too short: ... at least ۸ characters"


def test_a_dropped_filter_echoes_the_typed_value_in_the_pages_digits(years_data):
    html = page(client_for(years_data.director, "fa"), reverse("dashboards:province"), {**KHORDAD, "month": "13"})
    notes = html[html.index('id="dropped-filters"'):]
    assert "«۱۳»" in notes[:notes.index("</ul>")] and "«13»" not in html


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_menu_and_the_focus_page_share_one_name(years_data, language):
    html = page(client_for(years_data.director, language), reverse("dashboards:focus"), KHORDAD)
    doc = lxml_html.fromstring(html)
    menu = doc.xpath(f'//nav[@id="site-nav"]/a[@href="{reverse("dashboards:focus")}"]')[0].text_content().strip()
    assert menu == ("حوزه‌های ویژه" if language == "fa" else "Focus areas")
    assert doc.xpath("//title")[0].text_content().startswith(menu)
    assert doc.xpath("//h1")[0].text.strip() == menu


def test_english_headers_and_labels_start_with_a_capital(years_data):
    m = meeting(years_data, month=3)
    meeting_services.add_action_item(m, "بازدید", m.date, responsible_center=years_data.center_a)
    client = client_for(years_data.staff, "en")
    lowercase = {}
    for url in (reverse("meetings:list"), reverse("meetings:detail", args=[m.pk]),
                reverse("meetings:action_item", args=[m.action_items.get().pk]),
                reverse("dashboards:center", args=["CA"]), reverse("dashboards:province")):
        doc = lxml_html.fromstring(page(client, url, KHORDAD))
        found = [" ".join(e.text_content().split()) for e in doc.xpath("//main//th | //main//dt | //main//label")]
        lowercase[url] = [text for text in found if re.match("[a-z]", text)]
    assert lowercase == {url: [] for url in lowercase}


def empty_headers(html):
    doc = lxml_html.fromstring(html)
    return [lxml_html.tostring(th, encoding="unicode")[:80] for th in doc.xpath("//main//th") if not th.text_content().strip()]


def test_no_table_header_is_left_without_a_name(years_data):
    """axe-core's empty-table-header: a header a screen reader cannot name (196 page views before)."""
    people = years_data
    m = meeting(people, month=3)
    meeting_services.add_action_item(m, "بازدید", m.date, responsible_center=people.center_a)
    tokens.create(people.director, "DHIS2")
    pages = [
        (people.director, reverse("dashboards:province")), (people.director, reverse("dashboards:center", args=["CA"])),
        (people.director, reverse("dashboards:years")), (people.staff, reverse("meetings:detail", args=[m.pk])),
        (people.director, reverse("people:list")), (people.head_a, reverse("entry:months", args=["CA"])),
        (people.director, reverse("api:tokens")), (people.director, reverse("api:people_tokens")),
        (people.director, reverse("people:roles", args=[people.staff.pk])),
    ]
    found = {url: empty_headers(page(client_for(user, "fa"), url, KHORDAD)) for user, url in pages}
    assert found == {url: [] for _user, url in pages}
