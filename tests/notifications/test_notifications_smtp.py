"""The cycle's mail through a real SMTP server (aiosmtpd on loopback): Persian subjects and bodies
arrive correctly encoded, the digest with its one-page PDF, each mail once; a server that is down
loses nothing."""

import email
import email.policy
import re
import shutil
import subprocess

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from notifications.models import Kind, Notification
from tests.notifications_helpers import month_data
from tests.support import free_port

pytestmark = pytest.mark.django_db

BIDI_CONTROLS = re.compile("[\u200c-\u200f\u202a-\u202e]")


class Inbox:
    """Keeps every message the server receives, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"

    def to(self, address):
        return [m for rcpt, m in self.messages if rcpt == [address]]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "payesh@example.org"
    settings.PAYESH_SITE_URL = "https://payesh.example.org"
    yield inbox
    controller.stop()


@pytest.fixture
def month(people, reference, settings):
    settings.PAYESH_REPORT_DEADLINE_DAY = 5
    settings.PAYESH_REMINDER_DAYS = settings.PAYESH_REVIEW_WAIT_DAYS = 3
    settings.PAYESH_ACTION_DUE_DAYS = 7
    return month_data(people)


def test_the_day_after_the_deadline_each_mail_arrives_once_in_persian(smtp, month, people):
    call_command("run_cycle", today="1405/05/06")
    call_command("run_cycle", today="1405/05/06")
    # strip(): the long encoded subject is folded onto its own line, which unfolds to a leading space
    received = sorted((rcpt[0], str(m["subject"]).strip()) for rcpt, m in smtp.messages)
    assert received == sorted([
        ("director@example.org", "۱ مرکز گزارش تیر ۱۴۰۵ را به‌موقع ارسال نکرده است"),
        ("director@example.org", "خلاصه ماهانه آذربایجان شرقی، تیر ۱۴۰۵"),
        ("head-b@example.org", "اقدام با مهلت ۱۴۰۵/۰۵/۱۰: برنامه جبرانی مرکز ب"),
        ("head-b@example.org", "تأخیر: مهلت ارسال گزارش تیر ۱۴۰۵ تا ۱۴۰۵/۰۵/۰۵ بود"),
        ("planner@example.org", "۱ مرکز گزارش تیر ۱۴۰۵ را به‌موقع ارسال نکرده است"),
        ("planner@example.org", "در انتظار بررسی: مرکز الف، تیر ۱۴۰۵"),
    ])
    late = next(m for m in smtp.to("head-b@example.org") if "تأخیر" in str(m["subject"]))
    assert late["From"] == "payesh@example.org"
    assert "=?utf-8?" in late.as_string()  # the Persian subject went over the wire encoded
    body = late.get_body(("plain",)).get_content()
    assert "گزارش مرکز ب برای تیر ۱۴۰۵" in body
    assert "https://payesh.example.org/reports/centers/CB/1405/4/" in body
    assert Notification.objects.filter(emailed_at__isnull=True, email_wanted=True).count() == 0


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_digest_carries_a_one_page_persian_pdf(smtp, month, people):
    call_command("run_cycle", today="1405/05/06")
    digest = next(m for m in smtp.to("director@example.org") if "خلاصه ماهانه" in str(m["subject"]))
    body = digest.get_body(("plain",)).get_content()
    assert "مرکز ب: سرعت پیشرفت ۳۸٪، ۲۵۰ نفرساعت کسری" in body
    (attachment,) = list(digest.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "payesh-digest-east-azarbaijan-1405-04.pdf"
    pdf = attachment.get_content()
    assert pdf.startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert re.search(r"Pages:\s+1\n", info)
    text = BIDI_CONTROLS.sub("", subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                                                check=True).stdout.decode())
    assert "ماهانه آذربایجان شرقی" in text
    assert "هماهنگی با استانداری" not in text  # due on 20 Mordad: not overdue on the 6th
    for shown in ("مرکز ب", "۲۵۰", "۳۸٪", "ارسالنشده", "۲٬۴۰۰", "۵۱۰"):  # pdftotext drops the ZWNJ
        assert shown in text, shown
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Vazirmatn" in fonts


def test_mail_waits_while_the_server_is_down_and_goes_once_when_it_is_back(month, people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    call_command("run_cycle", today="1405/05/06")  # nobody listens on that port
    made = Notification.objects.count()
    assert made and Notification.objects.filter(emailed_at__isnull=False).count() == 0
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=settings.EMAIL_PORT)
    controller.start()
    try:
        call_command("run_cycle", today="1405/05/06")
        call_command("run_cycle", today="1405/05/07")
    finally:
        controller.stop()
    assert Notification.objects.count() == made
    assert len(inbox.messages) == made == Notification.objects.filter(emailed_at__isnull=False).count()
    assert Notification.objects.filter(kind=Kind.DIGEST).get().emailed_at is not None


def test_compose_runs_the_cycle_every_hour_with_the_web_services_settings():
    from pathlib import Path

    import yaml

    compose = yaml.safe_load((Path(__file__).resolve().parent.parent.parent / "docker-compose.yml").read_text())
    web, scheduler = compose["services"]["web"], compose["services"]["scheduler"]
    assert scheduler["environment"] == web["environment"]
    assert "EMAIL_HOST" in web["environment"] and "run_cycle" in " ".join(scheduler["command"])


def mail_settings(**env):
    import os
    import sys
    from pathlib import Path

    full = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_") and k not in ("DEBUG", "SECRET_KEY")}
    full.update(env, DJANGO_SETTINGS_MODULE="config.settings", SECRET_KEY="x" * 50)
    code = "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_PORT, s.EMAIL_USE_TLS)"
    return subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                          cwd=Path(__file__).resolve().parent.parent.parent, env=full, capture_output=True, text=True)


def test_mail_is_configured_from_the_environment_with_safe_defaults():
    assert mail_settings(DEBUG="false").stdout.split()[0].endswith("dummy.EmailBackend")  # production: nowhere
    assert mail_settings(DEBUG="true").stdout.split()[0].endswith("console.EmailBackend")
    out = mail_settings(DEBUG="false", EMAIL_HOST="smtp.example.org", EMAIL_PORT="587", EMAIL_USE_TLS="true").stdout.split()
    assert out == ["django.core.mail.backends.smtp.EmailBackend", "587", "True"]
    bad = mail_settings(DEBUG="false", EMAIL_PORT="twenty-five")
    assert bad.returncode != 0 and "EMAIL_PORT must be a whole number" in bad.stderr
