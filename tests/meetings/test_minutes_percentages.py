"""The minutes never contradict themselves: a pace of 99.6% reads 99% beside "slightly behind" on
the meeting page (table and chart), in the PDF and in the Word file, through payesh.display's one
percentage rule. (The workbook's percent format belongs to the spreadsheet writer.)"""

import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from docx import Document

from meetings import services
from tests import factories
from tests.meetings.test_meetings_exports import BIDI_CONTROLS, download
from tests.meetings_helpers import meeting
from tests.support import client_for

PERCENT = re.compile(r"([۰-۹0-9]+)\s*[٪%]")
DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


@pytest.fixture
def finalized(people, reference):
    """Farvardin 1405: center A 249 of 250 expected (pace 0.996, slightly behind), center B 2,249
    of 2,500 (pace 0.8996, behind); the province 2,498 of 2,750 (0.908, slightly behind)."""
    factories.commitment(people.center_a, target=3000)
    factories.commitment(people.center_b, target=30000)
    factories.report(people.center_a, month=1, status="approved", figures=[("public", "fixed_urban", "person_hours", 249)])
    factories.report(people.center_b, month=1, status="approved", figures=[("public", "fixed_urban", "person_hours", 2249)])
    m = meeting(people, month=1, title="جلسه پایش فروردین")
    return services.finalize(m, people.staff)


def percentages(text):
    return {int(n.translate(DIGITS)) for n in PERCENT.findall(text)}


def assert_never_rounded_onto_a_threshold(text):
    shown = percentages(text)
    assert {99, 89, 91} <= shown, shown  # A's and B's pace, the province's
    assert not shown & {100, 90}, shown  # no pace reached 100% or 90%


def test_the_frozen_snapshot_keeps_the_paces(finalized):
    rows = {r["center_code"]: r for r in finalized.snapshot["centers"]}
    assert rows["CA"]["pace"] == pytest.approx(0.996) and rows["CA"]["status"] == "slightly_behind"
    assert rows["CB"]["pace"] == pytest.approx(0.8996) and rows["CB"]["status"] == "behind"


@pytest.mark.parametrize("language, ninety_nine, slightly_behind", [("fa", "۹۹٪", "کمی عقب"), ("en", "99%", "slightly behind")])
def test_the_meeting_page_table_and_chart_say_99(finalized, people, language, ninety_nine, slightly_behind):
    client = client_for(people.director)
    client.cookies["django_language"] = language
    html = client.get(reverse("meetings:detail", args=[finalized.pk])).content.decode()
    assert_never_rounded_onto_a_threshold(html)
    chart = html[html.index('class="pace-chart"'):html.index("</table>", html.index('class="pace-chart"'))]
    assert f'<td class="value">{ninety_nine}</td>' in chart
    snapshot = html[html.index('id="snapshot"'):]
    row_a = snapshot[snapshot.index("/dashboard/center/CA/"):]
    row_a = row_a[:row_a.index("</tr>")]
    assert f'<td class="num">{ninety_nine}</td>' in row_a and slightly_behind in row_a


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_says_99_beside_slightly_behind(finalized, people):
    pdf = download(people, finalized, "pdf")
    text = BIDI_CONTROLS.sub("", subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                                                check=True).stdout.decode())
    assert_never_rounded_onto_a_threshold(text)
    chart_a, table_a = [line for line in text.splitlines() if "مرکز الف" in line and "٪" in line]
    assert "۹۹٪" in chart_a
    assert "۹۹٪" in table_a and "کمی عقب" in table_a


def test_the_docx_says_99_beside_slightly_behind(finalized, people):
    document = Document(io.BytesIO(download(people, finalized, "docx")))
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert_never_rounded_onto_a_threshold("\n".join(" ".join(row) for row in cells))
    row_a = next(row for row in cells if "مرکز الف" in row)
    assert row_a[-2:] == ["۹۹٪", "کمی عقب"]  # pace, status
    row_b = next(row for row in cells if "مرکز ب" in row)
    assert row_b[-2:] == ["۸۹٪", "عقب"]
