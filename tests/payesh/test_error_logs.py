"""A refused request (403) is one log line; a real error (500) keeps its traceback."""

import logging

import pytest
from django.test import Client
from django.urls import path, reverse


def broken(request):
    raise RuntimeError("the template engine broke")


urlpatterns = [path("broken/", broken)]  # for the 500 below, whatever the project's pages


def formatted(record):
    return logging.Formatter("%(levelname)s %(name)s %(message)s").format(record)


@pytest.fixture
def head(people):
    client = Client(raise_request_exception=False)
    client.force_login(people.head_a)
    return client


def test_a_403_is_logged_on_one_line_without_a_traceback(head, caplog):
    queue = reverse("entry:queue")  # the review queue is for planners
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert head.get(queue).status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "WARNING" and not record.exc_info
    assert formatted(record) == f"WARNING django.request Forbidden (Permission denied): {queue}"


@pytest.mark.urls(__name__)
def test_a_500_keeps_its_traceback(head, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert head.get("/broken/").status_code == 500
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "ERROR" and record.exc_info
    text = formatted(record)
    assert "Traceback" in text and "RuntimeError: the template engine broke" in text
