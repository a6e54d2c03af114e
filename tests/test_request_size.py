"""A request body larger than the largest upload is refused (413) before any of it is read, with a
short page in the user's language; a body that does not say its size (chunked) is refused (411)
unread."""

import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reports.models import Figure, MonthlyReport
from tests import factories

MB = 1024 * 1024


@pytest.fixture
def head(people, reference):
    factories.commitment(people.center_a)
    client = Client()
    client.force_login(people.head_a)
    return client


def upload_url():
    return reverse("entry:upload", args=["CA", 1405, 1])


def test_a_six_megabyte_upload_is_refused_with_a_persian_page(head):
    upload = SimpleUploadedFile("month.xlsx", b"\0" * (6 * MB))
    response = head.post(upload_url(), {"version": 0, "workbook": upload})
    assert response.status_code == 413
    html = response.content.decode()
    assert 'lang="fa" dir="rtl"' in html and "درخواست بیش از حد بزرگ است" in html
    assert "تا ۵ مگابایت" in html
    assert not MonthlyReport.objects.exists() and not Figure.objects.exists()


def test_the_page_is_english_when_the_user_chose_english(head):
    head.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = head.post(upload_url(), {"version": 0}, CONTENT_LENGTH=str(200 * MB))
    assert response.status_code == 413
    html = response.content.decode()
    assert 'lang="en" dir="ltr"' in html and "up to 5 MB" in html


def test_a_declared_200_mb_body_is_refused_without_reading_it(head):
    # The test client's body is a few hundred bytes; reading 200 MB of it would raise.
    response = head.post(upload_url(), {"version": 0}, CONTENT_LENGTH=str(200 * MB))
    assert response.status_code == 413
    assert not MonthlyReport.objects.exists()


def test_the_limit_follows_the_upload_setting(head, settings):
    settings.PAYESH_MAX_UPLOAD_BYTES = 10 * MB
    upload = SimpleUploadedFile("month.xlsx", b"\0" * (6 * MB))
    response = head.post(upload_url(), {"version": 0, "workbook": upload})
    assert response.status_code != 413  # the view reads it, and says it is not a workbook
    assert "XLSX" in response.content.decode()


def test_a_body_without_a_size_is_refused(head):
    response = head.post(upload_url(), {"version": 0}, CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411
    assert "اندازه" in response.content.decode()


def raw_request(live_server, head_lines, body_start):
    """Send the request line, headers and only the start of the body over a real socket, then
    read the response while the rest of the body is still unsent. The timeout only keeps a
    server that waits for the whole body from hanging the suite."""
    address = urlparse(live_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(("\r\n".join(head_lines) + "\r\n\r\n").encode() + body_start)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        head, _, body = received.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    return head.decode("latin-1"), body.decode()


# The start of a real upload: the form's version field, then the file, of which 64 KB follow.
UPLOAD_START = (b'--payesh\r\nContent-Disposition: form-data; name="version"\r\n\r\n0\r\n'
                b'--payesh\r\nContent-Disposition: form-data; name="workbook"; filename="month.xlsx"\r\n'
                b"Content-Type: application/octet-stream\r\n\r\n" + b"\0" * 65536)
CSRF_SECRET = "payeshCsrfSecretForTheLiveServer"  # 32 letters: a well-formed CSRF secret


@pytest.fixture
def signed_in(people, reference):
    """Headers of a head's upload the CSRF check lets through without reading the body: the
    session and the CSRF cookie, and the token in its header."""
    factories.commitment(people.center_a)
    client = Client()
    client.force_login(people.head_a)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [f"Cookie: {settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF_SECRET}",
            f"X-CSRFToken: {CSRF_SECRET}"]


def test_a_live_server_answers_413_before_the_body_is_sent(live_server, signed_in):
    head, body = raw_request(live_server, [
        f"POST {upload_url()} HTTP/1.1", f"Host: {urlparse(live_server.url).netloc}",
        "Content-Type: multipart/form-data; boundary=payesh", f"Content-Length: {200 * MB}",
        *signed_in,
    ], UPLOAD_START)
    assert head.startswith("HTTP/1.1 413"), head
    assert "درخواست بیش از حد بزرگ است" in body


def test_a_live_server_answers_411_to_a_chunked_body_without_reading_it(live_server, signed_in):
    head, body = raw_request(live_server, [
        f"POST {upload_url()} HTTP/1.1", f"Host: {urlparse(live_server.url).netloc}",
        "Content-Type: multipart/form-data; boundary=payesh", "Transfer-Encoding: chunked",
        *signed_in,
    ], b"c800000\r\n" + UPLOAD_START)  # announces a 200 MB chunk
    assert head.startswith("HTTP/1.1 411"), head
    assert "اندازه این درخواست" in body
