from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("notifications")

    def ready(self):
        from accounts import backends, sections
        from commitments.signals import allocation_returned
        from reports.signals import report_decided

        from .models import unread_count
        from .national import on_allocation_returned
        from .workflow import on_report_decided

        sections.register("notifications", _("Notifications"), "notifications:inbox")
        # the header's count, read with the user (notifications/templatetags/notifications_header.py)
        backends.read_with_user("_payesh_unread", unread_count)
        # a month returned, approved or reopened is told to the people concerned at once
        report_decided.connect(on_report_decided, dispatch_uid="notifications-report-decided")
        # a province's allocation returned by the national organization, told to its directorate at once
        allocation_returned.connect(on_allocation_returned, dispatch_uid="notifications-allocation-returned")
