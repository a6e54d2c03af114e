from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payesh import params, spreadsheets

from . import digest, national_digest, services
from .models import Kind, Notification

PER_PAGE = 30


@login_required
def inbox(request):
    notifications = Notification.objects.for_user(request.user).order_by("-created_at", "-pk")
    page = Paginator(notifications, PER_PAGE).get_page(params.whole_number(request.GET.get("page")) or 1)
    entries = [(n, n.text(get_language())) for n in page.object_list]  # each in the page's language
    return render(request, "notifications/inbox.html", {"page": page, "entries": entries})


@login_required
def open_notification(request, pk):
    """Mark it read and go to the page it speaks of (the inbox when it names none)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.mark_read(notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:inbox")


@login_required
def digest_pdf(request, pk):
    """The PDF of one of the user's digests, as it was mailed, in the page's language."""
    notification = get_object_or_404(Notification.objects.for_user(request.user).filter(
        kind__in=[Kind.DIGEST, Kind.NATIONAL_DIGEST]), pk=pk)
    made = national_digest if notification.kind == Kind.NATIONAL_DIGEST else digest
    name, content, content_type = made.attachment(notification)
    return spreadsheets.attachment(content, name, content_type)


@login_required
@require_POST
def read_all(request):
    services.mark_all_read(request.user)
    messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:inbox")


@login_required
def mail_settings(request):
    """Mail on or off and its language are set on the profile page, with the rest of a person's
    settings; this address stays for the links already sent."""
    return redirect("profile")
