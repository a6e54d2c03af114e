"""A province's allocation returned by the national organization, told at once to the province's
director and planners (commitments.signals.allocation_returned), in the inbox and, for those who
keep mail on, by mail right away. Whoever returned it is not told of it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from commitments.models import AllocationReturn
from payesh import display
from payesh.i18n import local_name

from . import mail, recipients
from .models import Kind
from .services import Message, Tell, notify_all


def on_allocation_returned(sender: type, allocation_return: AllocationReturn, **kwargs: object) -> None:
    mail.send(notify_all(tells(allocation_return)))


def tells(returned: AllocationReturn) -> list[Tell]:
    people = recipients.Directorates.load().of(returned.province_id).everyone
    return [Tell(person, Kind.ALLOCATION_RETURNED, f"allocation-return:{returned.pk}", str(returned.year),
                 lambda: message(returned)) for person in people if person.pk != returned.returned_by_id]


def message(returned: AllocationReturn) -> Message:
    names = {"person": display.person(returned.returned_by), "province": local_name(returned.province),
             "year": display.digits(returned.year)}
    body = (_("%(person)s of the national organization returned the allocation of %(province)s for %(year)s, for "
              "this reason:") % names + f"\n{returned.reason}\n\n"
            + _("Allocate the province's totals to the centers again, or mark the return addressed on the allocation page."))
    link = f"{reverse('commitments:allocation')}?province={returned.province_id}&year={returned.year}"
    return Message(_("Allocation returned: %(province)s, %(year)s") % names, body, link)
