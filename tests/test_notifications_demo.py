"""The demo's inboxes hold a notification of every kind for the demo's month, and seeding again
adds none."""

import pytest

from notifications.models import Kind, Notification
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_kind_of_notification_once():
    factories.seed_demo()
    assert set(Notification.objects.values_list("kind", flat=True)) == set(Kind.values)
    digest = Notification.objects.get(kind=Kind.DIGEST)
    assert digest.recipient.username == "director" and "نفرساعت کسری" in digest.body
    assert Notification.objects.filter(kind=Kind.REMINDER, recipient__username="head-kha").exists()  # not reported yet
    count = Notification.objects.count()
    factories.seed_demo()
    assert Notification.objects.count() == count
