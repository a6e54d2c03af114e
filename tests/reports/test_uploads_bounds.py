"""An upload costs what its content is worth (issue 22 §1): the hostile workbooks an outside probe
sent (demo/hostile.py builds them) get a Persian message on each of the three upload forms, fast,
and nothing is written; rows are read by the numbers in the file, shared strings only as far as
the read cells use them. Timings are bench_bounds's; here only the refusals and what is read."""

import io

import pytest
from django.test import override_settings
from openpyxl import Workbook

from demo import hostile
from payesh import xlsx
from tests.reports.test_uploads_broken import DECLARES_A_DTD, NOT_A_WORKBOOK, UPLOADS

ROW_LIMIT = "بیش از"  # "The sheet “…” has more than N rows; split it into smaller files."
PART_TOO_LARGE = "بخشی از این کاربرگ"
TOO_MANY_PARTS = "بسیار بیش از یک کاربرگ واقعی بخش دارد و خوانده نشد. داده‌هایش را در کاربرگی که از همین صفحه"
TOO_MANY_TEXTS = "متن گوناگون دارد"
TOO_MANY_FORMATS = "بیش از ۶۴٬۰۰۰ قالب خانه دارد، بیش از آنچه خود اکسل می‌پذیرد"


@pytest.fixture(params=list(UPLOADS))
def upload(request, people, reference):
    return UPLOADS[request.param](people)


def refused(upload, data, message):
    response = upload.post(data)
    html = response.content.decode()
    assert response.status_code == 200 and message in html, html[:3000]
    assert upload.nothing_written()
    return html


def test_a_value_in_row_1048576_is_refused_with_the_row_limits_message(upload):
    html = refused(upload, hostile.sparse_row(upload.good()), ROW_LIMIT)
    assert "ردیف دارد؛ آن را به چند پرونده کوچک‌تر" in html


@pytest.mark.parametrize("kind, limit", [("month", "۲٬۰۰۰"), ("courses", "۱٬۰۰۰"), ("commitments", "۲۰٬۰۰۰")])
def test_the_row_limit_the_message_names_is_the_forms_own_under_its_header(kind, limit, people, reference):
    upload = UPLOADS[kind](people)
    rows = int(limit.replace("٬", "").translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))
    html = refused(upload, hostile.sparse_row(upload.good(), rows + 2), ROW_LIMIT)
    assert f"بیش از {limit} ردیف دارد" in html
    last_row = upload.post(hostile.sparse_row(upload.good(), rows + 1)).content.decode()  # the limit's last row
    assert "ردیف دارد؛ آن را به چند پرونده" not in last_row


def test_a_value_in_row_100000000_is_refused_as_well(upload):
    refused(upload, hostile.sparse_row(upload.good(), 100_000_000), ROW_LIMIT)


def test_a_part_above_the_part_limit_is_refused_before_it_is_read(upload):
    with override_settings(PAYESH_MAX_WORKBOOK_PART_BYTES=1024 * 1024):
        html = refused(upload, hostile.huge_strings(upload.good(), 2 * 1024 * 1024), PART_TOO_LARGE)
    assert "۱ مگابایت" in html


def test_more_parts_than_the_limit_are_refused(upload):
    with override_settings(PAYESH_MAX_WORKBOOK_PARTS=50):
        refused(upload, hostile.many_parts(upload.good(), 60), TOO_MANY_PARTS)


def test_empty_rows_past_the_limit_cost_nothing_and_a_value_after_them_refuses(upload):
    refused(upload, hostile.empty_rows(upload.good(), 1024 * 1024), ROW_LIMIT)
    assert upload.post(hostile.empty_rows(upload.good(), 1024 * 1024, value_at=None)).status_code == 302


def test_more_empty_rows_past_the_limit_than_a_formatted_range_leaves_are_refused(upload, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_EMPTY_ROWS", 1000)
    html = refused(upload, hostile.empty_rows(upload.good(), 1024 * 1024, value_at=None), "ردیف خالی دارد")
    assert "بیش از ۱٬۰۰۰ ردیف خالی دارد (شاید تا پایین قالب‌بندی شده)؛ آن‌ها را پاک کنید" in html


@pytest.mark.parametrize("sheets", [True, False], ids=["sheets", "relationships"])
def test_a_workbook_listing_more_sheets_or_relationships_than_parts_is_refused(upload, sheets):
    with override_settings(PAYESH_MAX_WORKBOOK_PARTS=50):
        refused(upload, hostile.many_listed(upload.good(), 60, sheets=sheets), TOO_MANY_PARTS)


def test_more_cell_formats_than_excel_allows_are_refused(upload):
    refused(upload, hostile.many_formats(upload.good(), 64_001), TOO_MANY_FORMATS)


def test_a_row_larger_than_any_real_one_is_refused_before_it_fills_the_memory(upload):
    refused(upload, hostile.wide_row(upload.good(), 4 * 1024 * 1024), "بزرگ‌تر از ۱ مگابایت است")


def test_the_parts_a_form_reads_hold_at_most_one_parts_worth_of_xml_together(upload):
    with override_settings(PAYESH_MAX_WORKBOOK_PART_BYTES=1024 * 1024):
        data = hostile.many_formats(hostile.filler(upload.good(), 600 * 1024), 35_000)  # 600 KB each
        html = refused(upload, data, "داده برای خواندن در این فرم دارد")
    assert "بیش از ۱ مگابایت داده" in html


def test_xml_nested_deeper_than_a_workbook_is_refused(upload):
    refused(upload, hostile.deep_xml(upload.good(), 10_000), NOT_A_WORKBOOK)


def test_a_cell_using_a_shared_string_past_the_limit_is_refused(upload):
    with override_settings(PAYESH_MAX_SHARED_STRINGS=100):
        html = refused(upload, hostile.huge_strings(upload.good(), 4096, used=150), TOO_MANY_TEXTS)
    assert "۱۰۰" in html


def test_a_table_of_strings_no_cell_uses_is_not_read_and_the_good_workbook_goes_through(upload):
    response = upload.post(hostile.huge_strings(upload.good(), 2 * 1024 * 1024))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not upload.nothing_written()


# --- payesh/xlsx.read_workbook on its own -----------------------------------------------------------

def book_bytes(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_rows_are_read_by_the_numbers_in_the_file():
    data = hostile.rewrite(book_bytes([["a", 1]]), lambda name, body: body.replace(
        b"</sheetData>", b'<row r="7"><c r="C7"><v>5</v></c></row></sheetData>') if name == hostile.SHEET else body)
    assert xlsx.read_workbook(data, max_rows=10).rows("Sheet") == [(1, ("a", 1)), (7, (None, None, 5))]


def test_an_empty_row_past_the_limit_is_skipped_and_a_value_there_refuses():
    formatted = b'<row r="5000"><c r="A5000" s="0"/><c r="B5000" s="0"/></row>'
    data = hostile.rewrite(book_bytes([["a", 1]]), lambda name, body: body.replace(
        b"</sheetData>", formatted + b"</sheetData>") if name == hostile.SHEET else body)
    assert xlsx.read_workbook(data, max_rows=10).rows("Sheet") == [(1, ("a", 1))]
    with pytest.raises(xlsx.UnsafeWorkbook) as err:
        xlsx.read_workbook(hostile.sparse_row(book_bytes([["a", 1]]), 11), max_rows=10)
    assert "Sheet" in str(err.value) and "۱۰ ردیف" in str(err.value)


def test_rows_out_of_order_are_not_a_workbook():
    data = hostile.rewrite(book_bytes([["a"], ["b"], ["c"]]), lambda name, body: body.replace(
        b"</sheetData>", b'<row r="2"><c r="A2"><v>1</v></c></row></sheetData>') if name == hostile.SHEET else body)
    with pytest.raises(xlsx.UnsafeWorkbook) as err:
        xlsx.read_workbook(data)
    assert str(err.value) == NOT_A_WORKBOOK


def test_shared_strings_are_read_where_the_cells_use_them():
    data = hostile.huge_strings(book_bytes([["a", 1]]), 4096, used=3)
    assert xlsx.read_workbook(data).rows("Sheet") == [(1, ("a", 1)), (2, ("x",))]


def test_a_cell_naming_a_string_the_table_lacks_is_not_a_workbook():
    data = hostile.rewrite(hostile.huge_strings(book_bytes([["a"]]), 1024), lambda name, body: body.replace(
        b"</sheetData>", b'<row r="9"><c r="A9" t="s"><v>5000</v></c></row></sheetData>') if name == hostile.SHEET else body)
    with pytest.raises(xlsx.UnsafeWorkbook) as err:
        xlsx.read_workbook(data)
    assert str(err.value) == NOT_A_WORKBOOK


def test_dates_numbers_and_booleans_read_as_openpyxl_gives_them():
    import datetime

    data = book_bytes([[datetime.date(2026, 5, 1), 1.5, True, "=1+1", None, " "]])
    assert xlsx.read_workbook(data).rows("Sheet") == [(1, (datetime.datetime(2026, 5, 1), 1.5, True, None, None, " "))]


def test_a_zip_whose_end_record_undercounts_its_parts_is_refused_all_the_same(upload):
    data = bytearray(hostile.many_parts(upload.good(), 60))
    end = data.rfind(b"PK\x05\x06")
    data[end + 8:end + 12] = (1).to_bytes(2, "little") * 2  # "1 member on this disk, 1 in all"
    with override_settings(PAYESH_MAX_WORKBOOK_PARTS=50):
        refused(upload, bytes(data), TOO_MANY_PARTS)


def test_a_dtd_in_the_table_of_strings_is_refused_before_the_parser_sees_it(upload):
    data = hostile.rewrite(hostile.huge_strings(upload.good(), 200 * 1024, used=5), lambda name, body: body.replace(
        b"<sst ", b'<!DOCTYPE sst [<!ENTITY e "injected">]><sst ', 1) if name == hostile.STRINGS else body)
    refused(upload, data, DECLARES_A_DTD)


def test_shared_strings_far_into_a_long_table_are_the_ones_openpyxl_reads():
    texts = [f"متن {n}" for n in range(30_000)]  # about 1 MB of table: many pieces of the parser's
    wb = Workbook()
    for text in texts:
        wb.active.append([text])
    chosen = [texts[n] for n in (29_999, 0, 4_321, 15_000)]
    few = wb.create_sheet("few")  # a second sheet using a few of the same texts, far apart in the table
    for text in chosen:
        few.append([text, "پایان"])
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    assert xlsx.read_workbook(data, sheets=("few",)).rows("few") == [
        (1, (chosen[0], "پایان")), (2, (chosen[1], "پایان")), (3, (chosen[2], "پایان")), (4, (chosen[3], "پایان"))]
    assert [values for _n, values in xlsx.read_workbook(data, max_rows=40_000).rows("Sheet")] == [(t,) for t in texts]
