from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language_bidi, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import (
    can_export_minutes,
    can_follow_up,
    can_record_meetings,
    can_write_remark,
    meeting_center,
    meeting_for_view,
    require,
    visible_meetings,
)
from centers.models import Center
from commitments import reference
from payesh import jalali, params, spreadsheets
from payesh.i18n import local_name

from . import agenda, effect, services, snapshot
from .exports import chart, render_docx, render_pdf, render_xlsx
from .forms import ActionItemForm, CenterRemarkForm, MeetingForm
from .models import ActionItem, ActionItemStatus, CenterRemark, Meeting


@login_required
def meeting_list(request):
    meetings = visible_meetings(request.user, Meeting.objects.all()).select_related("province", "chair")
    return render(request, "meetings/list.html", {"meetings": meetings, "can_record": can_record_meetings(request.user)})


@login_required
def meeting_create(request):
    require(can_record_meetings(request.user))
    form = MeetingForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        meeting = services.save_meeting(form, request.user)
        messages.success(request, _("The meeting was recorded."))
        return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form})


@login_required
def meeting_edit(request, pk):
    meeting = meeting_for_view(request.user, Meeting.objects.all(), pk)
    require(can_record_meetings(request.user, meeting.province_id) and not meeting.is_finalized)
    initial = None
    if request.method == "GET" and params.yes_no(request.GET.get("draft_agenda")):  # drafted again, with the heads' remarks
        initial = {"agenda": agenda.draft(meeting.province, meeting.year, meeting.month, meeting=meeting)}
    form = MeetingForm(request.POST or None, instance=meeting, initial=initial, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_meeting(form, request.user)
        except services.MeetingFinalized as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The meeting was saved."))
        return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting})


@login_required
def meeting_detail(request, pk):
    with reference.remembered():  # the live figures, the record and the action form read them once
        return render_detail(request, pk)


def render_detail(request, pk):
    meeting = meeting_for_view(request.user, Meeting.objects.all(), pk)
    user = request.user
    summary = services.summary(meeting)
    remarks = meeting.remarks.select_related("center", "written_by")
    items = meeting.action_items.select_related("responsible_center")
    follow_up = services.follow_up_items(meeting)
    centers = snapshot.in_page_language(summary.centers)
    rows = snapshot.by_rank(centers)
    province = meeting.province_id
    own = meeting_center(user, province)
    if own is not None:  # a head: the province's headline and their own center only
        rows = [r for r in rows if r["center_code"] == own.code]
        remarks, items, follow_up = (q.filter(**{key: own}) for q, key in (
            (remarks, "center"), (items, "responsible_center"), (follow_up, "responsible_center")))
    follow_up = effect.with_effects(follow_up.select_related("responsible_center__province", "sector", "area", "measure"))
    recording = can_record_meetings(user, province) and not meeting.is_finalized
    context = {
        "meeting": meeting, "summary": summary, "rows": rows, "own_center": own, "measure": snapshot.MEASURE,
        "as_of": snapshot.as_of(summary.province, meeting.year, meeting.month), "remarks": remarks, "items": items, "follow_up": follow_up,
        "remarked": {r.center.code for r in remarks if not r.is_empty},
        "chart": chart.pace_chart(centers, rtl=get_language_bidi()) if own is None else "",
        "can_record": recording, "can_export": can_export_minutes(user, province) and meeting.is_finalized,
        "can_follow_up": can_follow_up(user, province),
        "can_write_own_remark": own is not None and can_write_remark(user, meeting, own),
        "action_form": ActionItemForm(meeting=meeting) if recording else None,
    }
    return render(request, "meetings/detail.html", context)


@login_required
def remark_edit(request, pk, code):
    meeting = meeting_for_view(request.user, Meeting.objects.all(), pk)
    center = get_object_or_404(Center, code=code, province=meeting.province)
    require(can_write_remark(request.user, meeting, center))
    remark = CenterRemark.objects.filter(meeting=meeting, center=center).first()
    form = CenterRemarkForm(request.POST or None, instance=remark)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_remark(meeting, center, request.user, **form.cleaned_data)
        except services.MeetingFinalized as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The remarks of %(center)s were saved.") % {"center": local_name(center)})
        return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/remark_form.html", {"form": form, "meeting": meeting, "center": center})


@login_required
@require_POST
def action_item_add(request, pk):
    meeting = meeting_for_view(request.user, Meeting.objects.all(), pk)
    require(can_record_meetings(request.user, meeting.province_id) and not meeting.is_finalized)
    form = ActionItemForm(request.POST, meeting=meeting)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, _("The action item was not added: %(errors)s") % {"errors": errors})
        return redirect("meetings:detail", pk=meeting.pk)
    try:
        services.add_action_item(meeting, **form.cleaned_data)
    except services.MeetingFinalized as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The action item was added."))
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
def action_item_detail(request, pk):
    """A decision, its owner and due date, and whether it helped: the pace then and now."""
    items = ActionItem.objects.filter(meeting__in=visible_meetings(request.user, Meeting.objects.all()))
    item = get_object_or_404(items.select_related("meeting", "responsible_center__province", "sector", "area", "measure"), pk=pk)
    own = meeting_center(request.user, item.meeting.province_id)
    if own is not None and item.responsible_center_id != own.pk:  # a head: the decisions their center answers for
        raise Http404("not this center's decision")
    return render(request, "meetings/action_item.html", {
        "item": item, "effect": effect.effect_of(item), "scope": effect.scope_label(item),
        "can_follow_up": can_follow_up(request.user, item.meeting.province_id),
    })


@login_required
@require_POST
def action_item_status(request, pk):
    item = get_object_or_404(ActionItem.objects.filter(meeting__in=visible_meetings(request.user, Meeting.objects.all()))
                             .select_related("meeting"), pk=pk)
    require(can_follow_up(request.user, item.meeting.province_id))
    status = request.POST.get("status")
    require(status in ActionItemStatus.values)
    services.set_action_item_status(item, status, request.user)
    messages.success(request, _("The action item's status was saved."))
    back_to = params.whole_number(request.POST.get("back_to"))  # the later meeting whose follow-up list it was ticked on
    return redirect("meetings:detail", pk=back_to if back_to is not None else item.meeting_id)


@login_required
@require_POST
def meeting_finalize(request, pk):
    meeting = meeting_for_view(request.user, Meeting.objects.all(), pk)
    require(can_record_meetings(request.user, meeting.province_id))
    try:
        services.finalize(meeting, request.user)
    except services.MeetingFinalized as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The meeting was finalized and its figures frozen."))
    return redirect("meetings:detail", pk=meeting.pk)


EXPORTS = {
    "pdf": (render_pdf, "application/pdf"),
    "xlsx": (render_xlsx, spreadsheets.XLSX_CONTENT_TYPE),
    "docx": (render_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


@login_required
def meeting_export(request, pk, fmt):
    meeting = meeting_for_view(request.user, Meeting.objects.all(), pk)
    require(can_export_minutes(request.user, meeting.province_id))
    if fmt not in EXPORTS:
        raise Http404
    if not meeting.is_finalized:
        messages.warning(request, _("Finalize the meeting before exporting its summary."))
        return redirect("meetings:detail", pk=meeting.pk)
    render_file, content_type = EXPORTS[fmt]
    with override("fa"):  # the minutes are filed and sent in Persian whatever the page language
        content = render_file(meeting)
    return spreadsheets.attachment(content, f"meeting-{meeting.pk}-{jalali.format_jalali_date(meeting.date, persian=False)}.{fmt}", content_type)
