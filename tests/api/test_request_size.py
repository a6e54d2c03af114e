"""A request body larger than the largest upload is refused (413) before any of it is read, with a
short page in the user's language; a body that does not say its size (chunked) is refused (411)
unread."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from payesh.middleware import request_limit
from reports.models import Figure, MonthlyReport
from tests import factories
from tests.api_helpers import ApiClient, error_of, token_for
from tests.support import free_port

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent.parent


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


# --- the API's body: one limit for pages and API, refused in the API's shape, never a reset ------


@pytest.fixture
def importer(people, reference):
    from api import dhis2
    from tests.reports.test_progress import build

    build(people)
    dhis2.seed_mapping()
    return ApiClient(token_for(people.planner), language="en")


def dhis2_file(size, values):
    """A valid dataValueSets file of `size` bytes: its values, then the spaces of a generously
    indented file."""
    text = json.dumps({"dataValues": values})
    return (text[:-1] + " " * (size - len(text)) + "}").encode()


def a_value(amount="100"):
    return {"dataElement": "PAYESH_PERSON_HOURS", "categoryOptionCombo": "PUBLIC_FIXED_URBAN", "orgUnit": "CA",
            "period": "202607", "value": amount}


def post_json(api, url, body):
    return api.client.post(url, body, content_type="application/json", **api.headers)


@pytest.mark.parametrize("size", [int(2.6 * MB), int(4.9 * MB), settings.PAYESH_MAX_UPLOAD_BYTES], ids=["2.6 MB", "4.9 MB", "5 MB"])
def test_a_dhis2_file_up_to_the_limit_the_readme_states_is_imported(importer, size):
    response = post_json(importer, "/api/dhis2/dataValueSets/?submit=false", dhis2_file(size, [a_value("123")]))
    assert response.status_code == 200, response.content[:300]
    assert response.json()["importCount"]["imported"] == 1
    assert MonthlyReport.objects.get(center__code="CA", year=1405, month=4).figures.get(value=123)


def test_a_body_a_byte_over_the_limit_is_a_413_in_the_apis_shape_and_nothing_is_written(importer):
    limit = request_limit()  # PAYESH_MAX_UPLOAD_BYTES and 64 KB for a form
    response = post_json(importer, "/api/dhis2/dataValueSets/?submit=false", dhis2_file(limit + 1, [a_value()]))
    assert response.status_code == 413
    assert error_of(response) == {"code": "too_large", "message": "Request too large", "fields": {}}
    assert not MonthlyReport.objects.filter(month=4).exists()
    assert post_json(importer, "/api/dhis2/dataValueSets/?submit=false", dhis2_file(limit, [a_value()])).status_code == 200


def test_a_form_of_three_megabytes_is_read_and_judged_by_its_page(people, head):
    # the same limit for pages: a 3 MB comment is the month form's to refuse, next to its field
    commitment = people.center_a.commitments.get()
    response = head.post(reverse("entry:month", args=["CA", 1405, 1]),
                         {"version": "0", "save": "1", f"value_{commitment.pk}": "5", f"comment_{commitment.pk}": "x" * (3 * MB)})
    assert response.status_code == 200
    assert 'id="entry-form"' in response.content.decode()
    assert not MonthlyReport.objects.exists()


# A real server: gunicorn as in production (gthread, DEBUG off). Python's own HTTP client, like
# most libraries, sends the whole body before it reads the answer.


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG",
                                                           "STATICFILES_BACKEND", "REDIS_URL", "DATABASE_REPLICA_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="false", SECRET_KEY="request-size-" + "k" * 50,
               DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="false",
               SECURE_COOKIES="false", LOG_LEVEL="WARNING",
               STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage")
    command = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "--worker-class", "gthread", "--threads", "2", "--keep-alive", "75", "--timeout", "60"]
    with open(folder / "gunicorn.log", "w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("gunicorn did not start: " + (folder / "gunicorn.log").read_text()) from None
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(10)


def send_whole_body_then_read(port, path, body, headers=None):
    """(status, JSON) as a client that sends the whole body before it reads the answer; a reset
    raises ConnectionResetError or BrokenPipeError."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": "application/json",
                                                              "Accept-Language": "en", **(headers or {})})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.parametrize("size", [6 * MB, 10 * MB], ids=["6 MB", "10 MB"])
def test_a_real_server_answers_a_body_over_the_limit_413_to_a_client_still_sending(gunicorn, size):
    status, body = send_whole_body_then_read(gunicorn, "/api/dhis2/dataValueSets/", dhis2_file(size, [a_value()]))
    assert status == 413
    assert body == {"error": {"code": "too_large", "message": "Request too large", "fields": {}}}


def test_a_real_server_answers_an_unread_body_under_the_limit_without_a_reset(gunicorn):
    # no token: refused before the view reads the body (401), as a 403, 404 or 429 would be
    status, body = send_whole_body_then_read(gunicorn, "/api/dhis2/dataValueSets/", dhis2_file(int(4.9 * MB), [a_value()]))
    assert status == 401 and body["error"]["code"] == "not_authenticated"


def test_a_real_server_keeps_the_connection_after_refusing_a_body(gunicorn):
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn, timeout=30)
    try:
        for size in (6 * MB, int(4.9 * MB)):
            connection.request("POST", "/api/dhis2/dataValueSets/", body=dhis2_file(size, [a_value()]),
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            assert response.status in (413, 401)
        connection.request("GET", "/healthz")
        assert connection.getresponse().status in (200, 503)
    finally:
        connection.close()
