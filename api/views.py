"""The API's endpoints. Each: who may (accounts.access, as the pages), a read through the module
that owns it (reports.progress, reports.deadlines, reports.grid, the querysets), a serializer.
Writes go through the services the pages use (api/entry.py -> reports.services)."""

from django.http import Http404
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from centers.models import Center, Province
from commitments import reference
from commitments.models import Commitment, Measure, Sector, TrainingArea
from dashboards import caching
from dashboards.forms import DashboardFilters
from dashboards.views import CENTER_SELECTORS
from meetings.models import Meeting
from payesh import limits
from payesh.params import check_month
from reports.models import MonthlyReport, ReportStatus
from reports.progress.center_board import center_and_reports, center_board

from . import entry, language, params, serializers, tokens
from .errors import Invalid, Refused, body
from .models import ApiToken

ERRORS = {code: OpenApiResponse(serializers.ErrorSerializer, description=text) for code, text in {
    400: "Values not accepted (error.fields names them)", 401: "No valid token or session",
    403: "The role may not", 404: "Not found, or not this caller's to see", 429: "Too many requests"}.items()}


def errors(*codes):
    return {code: ERRORS[code] for code in codes}


class ApiMixin:
    """JSON in the request's language (Accept-Language), signed in, throttled per token."""

    permission_classes = [IsAuthenticated]

    def dispatch(self, request, *args, **kwargs):
        chosen = language.of_request(request)
        with translation.override(chosen):
            response = super().dispatch(request, *args, **kwargs)
        response["Content-Language"] = chosen
        return response


# --- reference lists --------------------------------------------------------------------------


@extend_schema(responses={200: serializers.ProvinceSerializer(many=True), **errors(401, 429)})
class ProvinceList(ApiMixin, generics.ListAPIView):
    queryset = Province.objects.order_by("code")
    serializer_class = serializers.ProvinceSerializer


CENTER_FILTERS = [OpenApiParameter("province", str, description="A province's code"),
                  OpenApiParameter("active", bool)]


@extend_schema(parameters=CENTER_FILTERS, responses={200: serializers.CenterSerializer(many=True), **errors(400, 401, 429)})
class CenterList(ApiMixin, generics.ListAPIView):
    """The centers of the provinces the caller reads (as the list of centers page)."""

    serializer_class = serializers.CenterSerializer

    def get_queryset(self):
        centers = access.readable_centers(self.request.user, Center.objects.select_related("province")).order_by("code")
        province = params.text(self.request, "province")
        if province:
            centers = centers.filter(province__code=province)
        active = params.boolean(self.request, "active", default=None)
        if active is not None:
            centers = centers.filter(active=active)
        return centers


@extend_schema(responses={200: serializers.CenterSerializer, **errors(401, 404, 429)})
class CenterDetail(ApiMixin, generics.RetrieveAPIView):
    serializer_class = serializers.CenterSerializer
    lookup_field = "code"

    def get_queryset(self):
        return access.readable_centers(self.request.user, Center.objects.select_related("province"))


class SectorList(ApiMixin, generics.ListAPIView):
    queryset = Sector.objects.all()
    serializer_class = serializers.SectorSerializer


class AreaList(ApiMixin, generics.ListAPIView):
    queryset = TrainingArea.objects.select_related("sector")
    serializer_class = serializers.AreaSerializer


class MeasureList(ApiMixin, generics.ListAPIView):
    queryset = Measure.objects.all()
    serializer_class = serializers.MeasureSerializer


# --- commitments and reports ------------------------------------------------------------------

YEAR = OpenApiParameter("year", int, description="Jalali year (1300-1600)")
MONTH = OpenApiParameter("month", int, description="Jalali month (1-12)")


def _code_filters(queryset, request, names, prefix=""):
    for name in names:
        value = params.text(request, name)
        if value:
            queryset = queryset.filter(**{f"{prefix}{name}__code": value})
    return queryset


@extend_schema(
    parameters=[YEAR, *(OpenApiParameter(n, str, description=f"A {n}'s code") for n in ("center", "sector", "area", "measure")),
                OpenApiParameter("status", str, enum=["confirmed", "draft"])],
    responses={200: serializers.CommitmentSerializer(many=True), **errors(400, 401, 429)})
class CommitmentList(ApiMixin, generics.ListAPIView):
    """Planners and the director read their province's commitments, a national planner every
    province's (as the commitments pages); a head their own center's confirmed ones; staff none
    (their numbers are on the board)."""

    serializer_class = serializers.CommitmentSerializer

    def get_queryset(self):
        qs = access.visible_commitments(self.request.user, Commitment.objects.select_related("center", "sector", "area", "measure"))
        year = params.year(self.request)
        if year is not None:
            qs = qs.filter(year=year)
        qs = _code_filters(qs, self.request, ("center", "sector", "area", "measure"))
        wanted = params.text(self.request, "status")
        if wanted:
            qs = qs.filter(status=wanted)
        return qs.order_by("year", "center__code", "sector__order", "area__order", "measure__order", "pk")


@extend_schema(
    parameters=[YEAR, MONTH, OpenApiParameter("center", str), OpenApiParameter("status", str, enum=ReportStatus.values)],
    responses={200: serializers.ReportSerializer(many=True), **errors(400, 401, 429)})
class ReportList(ApiMixin, generics.ListAPIView):
    """Monthly reports with their figures and status: the directorate its province's centers', a
    head their own center's (as the center's months pages)."""

    serializer_class = serializers.ReportSerializer

    def get_queryset(self):
        centers = access.viewable_centers(self.request.user, Center.objects.all())
        qs = MonthlyReport.objects.filter(center__in=centers).select_related("center").prefetch_related(
            "figures__sector", "figures__area", "figures__measure")
        for name, read in (("year", params.year), ("month", params.month)):
            value = read(self.request)
            if value is not None:
                qs = qs.filter(**{name: value})
        qs = _code_filters(qs, self.request, ("center",), prefix="")
        wanted = params.text(self.request, "status")
        if wanted:
            qs = qs.filter(status=wanted)
        return qs.order_by("year", "month", "center__code")


class MonthView(ApiMixin, generics.GenericAPIView):
    """A center's month as the entry page shows it; POST writes its figures (and submits it)
    through the entry page's service. A head reaches their own center only (another's: 404);
    the director and staff read but do not write (403)."""

    serializer_class = serializers.MonthSerializer

    def center(self, write=False):
        kwargs = self.kwargs
        check_month(kwargs["year"], kwargs["month"])
        find = access.center_for_entry if write else access.center_for_view
        return find(self.request.user, kwargs["code"])

    @extend_schema(responses={200: serializers.MonthSerializer, **errors(401, 404, 429)})
    def get(self, request, code, year, month):
        return Response(serializers.MonthSerializer(entry.state(request.user, self.center(), year, month)).data)

    @extend_schema(request=serializers.MonthWriteSerializer, responses={
        200: serializers.MonthSerializer, 409: OpenApiResponse(serializers.ErrorSerializer, description=(
            "stale: someone saved after the version sent (error.current holds the month as saved now); "
            "refused: the month is locked or incomplete for a submission")), **errors(400, 401, 403, 404, 429)})
    def post(self, request, code, year, month):
        center = self.center(write=True)
        given = serializers.MonthWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        saved = entry.write(request.user, center, year, month, data["version"], data["figures"], data["submit"])
        return Response(serializers.MonthSerializer(saved).data)


# --- progress and reporting ------------------------------------------------------------------------


BOARD_PARAMS = [
    OpenApiParameter("year", int, description="Jalali year; default: that of the last complete month"),
    OpenApiParameter("month", int, description="As-of month; default: the last complete one (12 for a past year)"),
    OpenApiParameter("province", str, description="A province's code, or 'all' for the national view"),
    OpenApiParameter("sector", str), OpenApiParameter("area", str),
    OpenApiParameter("measure", str, description="default person_hours"),
    OpenApiParameter("approved", bool, description="Count approved reports only"),
]


def _selection(request, only=None):
    """The dashboards' own selectors (dashboards.forms.DashboardFilters) for the caller; a value
    the page would drop with a note is a 400 here, another province than the caller's a 404."""
    access.require(access.reading_provinces(request.user) or access.can_see_national(request.user))
    filters = DashboardFilters(request.query_params, only=only, user=request.user)
    if filters.refused:
        raise Http404
    bad = {name: [str(e) for e in errs] for name, errs in filters.errors.items() if name in filters.given}
    if bad:
        raise Invalid(translation.gettext("Some values were not accepted; see fields."), bad)
    return filters.selection()


class BoardView(ApiMixin, generics.GenericAPIView):
    """The province dashboard's numbers (reports.progress.boards.board, the same cache as the page): a line
    a center, ranked by pace, with the month's reporting status; the total; by sector and area."""

    serializer_class = serializers.BoardSerializer

    @extend_schema(parameters=BOARD_PARAMS, responses={200: serializers.BoardSerializer, **errors(400, 401, 429)})
    def get(self, request):
        with reference.remembered():
            selection = _selection(request)
            board = caching.board(selection)
            data = serializers.BoardSerializer(board).data
        return Response(data)


class CenterBoardView(ApiMixin, generics.GenericAPIView):
    """A center's dashboard numbers (reports.progress.center_board, cached as the center page):
    its line with its rank among its province's centers, month by month, by sector and area.
    Every signed-in user reads them, as the center dashboard."""

    serializer_class = serializers.CenterBoardSerializer

    @extend_schema(parameters=[p for p in BOARD_PARAMS if p.name != "province"],
                   responses={200: serializers.CenterBoardSerializer, **errors(400, 401, 404, 429)})
    def get(self, request, code):
        with reference.remembered():
            selection = _selection(request, only=(*CENTER_SELECTORS, "area"))  # as the center page
            center, reports = center_and_reports(code, selection.year)
            if center is None or not access.can_read_center(request.user, center):
                raise Http404
            found = caching.numbers("center", selection, lambda now: center_board(
                selection, center, now=now, reports=reports), center.pk, province=center.province_id)
            data = serializers.CenterBoardSerializer({**found.__dict__, "selection": selection}).data
        return Response(data)


class ReportingView(ApiMixin, generics.GenericAPIView):
    """Every center's reporting status in the caller's province (or every province, to the
    national roles), month by month up to the as-of month (reports.deadlines)."""

    serializer_class = serializers.ReportingSerializer

    @extend_schema(parameters=BOARD_PARAMS[:3], responses={200: serializers.ReportingSerializer, **errors(400, 401, 429)})
    def get(self, request):
        with reference.remembered():
            selection = _selection(request, only=("year", "month", "province"))
            rows = caching.reporting(selection)  # the dashboards' grid, cached the same way
        data = {
            "year": selection.year, "month": selection.month,
            "province": selection.province.code if selection.province else None,
            "rows": [{"center": r.center, "owes_report": r.owes_report,
                      "months": [{"month": m, "report_status": s, "reporting": rep}
                                 for m, (s, rep) in enumerate(r.cells, start=1)]} for r in rows],
        }
        return Response(serializers.ReportingSerializer(data).data)


# --- meetings -------------------------------------------------------------------------------------


class MeetingList(ApiMixin, generics.ListAPIView):
    """The meetings this user may see (their province's; the national roles' every one)."""

    serializer_class = serializers.MeetingSerializer

    def get_queryset(self):
        return access.visible_meetings(self.request.user, Meeting.objects.all()).select_related("province").order_by("-date", "-pk")


@extend_schema(responses={200: serializers.MeetingDetailSerializer, **errors(401, 404, 429)})
class MeetingDetail(ApiMixin, generics.RetrieveAPIView):
    """A meeting with its remarks and action items (a head: their own center's only)."""

    serializer_class = serializers.MeetingDetailSerializer

    def get_object(self):
        if self.kwargs["pk"] > limits.ID_MAX:
            raise Http404
        self.meeting = access.meeting_for_view(self.request.user, Meeting.objects.all(), self.kwargs["pk"])
        return self.meeting

    def get_serializer_context(self):
        meeting = getattr(self, "meeting", None)
        own = access.meeting_center(self.request.user, meeting.province_id if meeting else None)
        return {**super().get_serializer_context(), "own_center": own}


# --- the caller's own tokens ------------------------------------------------------------------------


class TokenCreateSerializer(serializers.serializers.Serializer):
    name = serializers.serializers.CharField(max_length=100)


class TokenCreatedSerializer(serializers.TokenSerializer):
    token = serializers.serializers.CharField(read_only=True, help_text="Shown this once; only its hash is kept.")

    class Meta(serializers.TokenSerializer.Meta):
        fields = [*serializers.TokenSerializer.Meta.fields, "token"]


class SessionOnly(IsAuthenticated):
    """Tokens are made in a signed-in browser session, never with another token (a leaked token
    must not be able to outlive its revocation by making more)."""

    def has_permission(self, request, view):
        return super().has_permission(request, view) and not isinstance(request.auth, ApiToken)


class TokenList(ApiMixin, generics.ListCreateAPIView):
    """The caller's tokens; POST makes one (from a browser session only) and shows it once."""

    serializer_class = serializers.TokenSerializer

    def get_permissions(self):
        return [SessionOnly()] if self.request.method == "POST" else super().get_permissions()

    def get_queryset(self):
        return tokens.tokens_of(self.request.user)

    @extend_schema(request=TokenCreateSerializer, responses={201: TokenCreatedSerializer, **errors(400, 401, 403, 429),
                   409: OpenApiResponse(serializers.ErrorSerializer, description="The caller holds PAYESH_API_MAX_TOKENS live tokens already")})
    def post(self, request):
        given = TokenCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            token, raw = tokens.create(request.user, given.validated_data["name"])
        except tokens.TooManyTokens as refused:
            raise Refused(str(refused)) from None
        token.token = raw
        return Response(TokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)


class TokenDetail(ApiMixin, generics.RetrieveDestroyAPIView):
    """One of the caller's tokens; DELETE revokes it (it then answers 401 everywhere)."""

    serializer_class = serializers.TokenSerializer

    def get_queryset(self):
        return tokens.tokens_of(self.request.user)

    def get_object(self):
        if self.kwargs["pk"] > limits.ID_MAX:
            raise Http404
        return super().get_object()

    def perform_destroy(self, instance):
        tokens.revoke(instance, by=self.request.user)


class NotFound(ApiMixin, APIView):
    """Any other address under /api/: a 404 in the API's shape."""

    permission_classes = []
    throttle_classes = []
    schema = None

    def get(self, request, *args, **kwargs):
        return Response(body("not_found", translation.gettext("Not found.")), status=404)

    post = put = patch = delete = get

