"""The data-quality page's numbers through the API: every validation rule broken and every outlier
of the counted months of a month or a year (reports.quality.board, the page's read model), by
center; the directorate sees every center, a head their own (accounts.access, as the page)."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from accounts import access
from centers.models import Center
from payesh import jalali
from reports.quality.board import quality_board

from . import params
from .views import ApiMixin, errors


class IssueRowSerializer(serializers.Serializer):
    sector = serializers.CharField(source="sector.code")
    area = serializers.CharField(source="area.code")
    measure = serializers.CharField(source="measure.code")
    value = serializers.IntegerField()
    comment = serializers.CharField()


class IssueSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(["rule", "history", "target"], help_text=(
        "rule: a validation rule broken; history: far from the center's own past months of the row; "
        "target: above PAYESH_OUTLIER_FACTOR times the month's target"))
    importance = serializers.ChoiceField(["error", "warning"])
    confirmed = serializers.BooleanField(help_text="a warning with a comment on one of its rows")
    rule = serializers.SerializerMethodField()
    message = serializers.CharField(help_text="in the request's language, with the figures")
    rows = IssueRowSerializer(many=True, source="lines")

    def get_rule(self, issue) -> int | None:
        return issue.rule.pk if issue.rule else None


class MonthIssuesSerializer(serializers.Serializer):
    center = serializers.CharField(source="report.center.code")
    year = serializers.IntegerField(source="report.year")
    month = serializers.IntegerField(source="report.month")
    status = serializers.CharField(source="report.status")
    page = serializers.SerializerMethodField(help_text="the month's entry page")
    issues = IssueSerializer(many=True)

    def get_page(self, checked) -> str:
        r = checked.report
        return reverse("entry:month", args=[r.center.code, r.year, r.month])


class QualitySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField(allow_null=True, help_text="null: the whole year")
    checked = serializers.IntegerField(help_text="counted months (submitted, approved) checked")
    errors = serializers.IntegerField()
    unconfirmed = serializers.IntegerField(help_text="warnings no comment confirms")
    confirmed = serializers.IntegerField()
    months = MonthIssuesSerializer(many=True, help_text="the months with an issue, awaiting review first")


class QualityView(ApiMixin, generics.GenericAPIView):
    """Every rule broken and every outlier of the submitted and approved months (the data-quality
    page): the directorate's every center, a head's own center."""

    serializer_class = QualitySerializer

    @extend_schema(parameters=[
        OpenApiParameter("year", int, description="Jalali year; default: that of the last complete month"),
        OpenApiParameter("month", int, description="Jalali month (1-12); without it, the whole year")],
        responses={200: QualitySerializer, **errors(400, 401, 403, 429)})
    def get(self, request):
        access.require_quality(request.user)
        year = params.year(request, default=jalali.last_complete_month()[0])
        month = params.month(request)
        board = quality_board(year, month, access.viewable_centers(request.user, Center.objects.all()))
        return Response(QualitySerializer(board).data)
