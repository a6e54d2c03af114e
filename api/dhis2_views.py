"""/api/dhis2/dataValueSets/: GET exports counted figures as DHIS2 dataValueSets JSON, POST
imports such a file (checked whole; all or nothing). See api/dhis2.py for periods and mapping."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from accounts import access
from commitments import reference
from payesh import jalali

from . import dhis2, params
from .errors import Invalid
from .serializers import ErrorSerializer
from .views import ApiMixin, errors


class DataValueSerializer(serializers.Serializer):
    dataElement = serializers.CharField(max_length=50)
    period = serializers.CharField(max_length=6, help_text="yyyyMM (see calendar)")
    orgUnit = serializers.CharField(max_length=50)
    categoryOptionCombo = serializers.CharField(max_length=50, required=False)
    value = serializers.CharField(max_length=40)
    comment = serializers.CharField(max_length=300, required=False)


class DataValueSetSerializer(serializers.Serializer):
    dataSet = serializers.CharField(max_length=50, required=False, help_text="The data set's code (PAYESH_DHIS2_DATA_SET)")
    idScheme = serializers.ChoiceField(choices=[dhis2.ID_SCHEME], required=False,
                                       help_text="Identifiers are DHIS2 codes (also dataElementIdScheme, orgUnitIdScheme, "
                                                 "categoryOptionComboIdScheme, dataSetIdScheme)")
    dataValues = DataValueSerializer(many=True)


class RegistrationSerializer(serializers.Serializer):
    dataSet = serializers.CharField(max_length=50)
    period = serializers.CharField(max_length=6)
    organisationUnit = serializers.CharField(max_length=50)
    completed = serializers.BooleanField()
    date = serializers.DateField(help_text="The day the month was submitted (Tehran)")


class RegistrationsSerializer(serializers.Serializer):
    completeDataSetRegistrations = RegistrationSerializer(many=True)


class ImportedSetSerializer(DataValueSetSerializer):
    completeDataSetRegistrations = RegistrationSerializer(
        many=True, required=False, help_text="The months that are complete: each is submitted at its date, the file's "
                                             "other months saved as drafts (whatever submit says)")
    completeDate = serializers.DateField(required=False, help_text="DHIS2's: the file's one period and orgUnit is complete")


class ImportSummarySerializer(serializers.Serializer):
    class Counts(serializers.Serializer):
        imported = serializers.IntegerField()
        updated = serializers.IntegerField()
        ignored = serializers.IntegerField()

    status = serializers.CharField()
    importCount = Counts()
    months = serializers.IntegerField()


CALENDAR = OpenApiParameter("calendar", str, enum=list(dhis2.CALENDARS),
                            description="How periods are written: gregorian (default; the Gregorian month holding the Jalali "
                                        "month's 15th) or jalali (a DHIS2 on the Persian calendar)")


def _calendar(request):
    calendar = params.text(request, "calendar") or dhis2.GREGORIAN
    if calendar not in dhis2.CALENDARS:
        raise Invalid(_("Some values were not accepted; see fields."), {"calendar": [_("gregorian or jalali.")]})
    return calendar


def _one(request, kind):
    code = params.text(request, kind[:-1] if kind != "areas" else "area")
    if not code:
        return None
    found = reference.lists().by_code(kind, code)
    if found is None:
        name = kind[:-1] if kind != "areas" else "area"
        raise Invalid(_("Some values were not accepted; see fields."), {name: [_("No such code.")]})
    return found


class DataValueSets(ApiMixin, generics.GenericAPIView):
    serializer_class = DataValueSetSerializer

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="Jalali year; default the current one"),
                    OpenApiParameter("month", int, description="One Jalali month; default every month of the year"),
                    OpenApiParameter("center", str, description="Center codes, comma-separated; default all you may open"),
                    OpenApiParameter("sector", str), OpenApiParameter("area", str), OpenApiParameter("measure", str), CALENDAR,
                    OpenApiParameter("download", bool, description="Answer as a file to save (Content-Disposition)")],
        responses={200: DataValueSetSerializer, **errors(400, 401, 429)})
    def get(self, request):
        """Counted figures (submitted and approved) as dataValueSets; the header
        Payesh-Unmapped-Values counts figures left out for want of a mapping."""
        year = params.year(request, default=jalali.current_year_month()[0])
        month = params.month(request)
        download = params.boolean(request, "download")  # the exchange page's button: a file to keep
        with reference.remembered():
            found = dhis2.export(request.user, year, [month] if month else range(1, 13), params.codes(request, "center"),
                                 _one(request, "sectors"), _one(request, "areas"), _one(request, "measures"), _calendar(request))
        response = Response(found.data_value_set)
        response["Payesh-Unmapped-Values"] = str(found.unmapped)
        if download:
            name = f"payesh-dhis2-{year}" + (f"-{month:02d}" if month else "") + ".json"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @extend_schema(
        parameters=[CALENDAR, OpenApiParameter("submit", bool, description="Send each month for review (default true)"),
                    *[OpenApiParameter(name, str, enum=[dhis2.ID_SCHEME], description="As DHIS2's: Payesh's mapping holds codes, "
                      "so only CODE (or none) is accepted") for name in dhis2.SCHEMES]],
        request=ImportedSetSerializer,
        responses={200: ImportSummarySerializer, 400: OpenApiResponse(ErrorSerializer, description=(
            "The file was not imported; error.fields names each value (dataValues[i]) and why")),
            **errors(401, 403, 429)})
    def post(self, request):
        """Import a dataValueSets file: every value is checked first; a problem anywhere and
        nothing is written. Planners for any center, a head for their own."""
        access.require_enters_figures(request.user)
        calendar = _calendar(request)
        submit = params.boolean(request, "submit", default=True)
        payload = request.data
        schemes = {name: params.text(request, name) for name in dhis2.SCHEMES if params.text(request, name)}
        if schemes and isinstance(payload, dict):  # as DHIS2 takes them: query parameters or the payload's attributes
            payload = {**payload, **schemes}
        try:
            summary = dhis2.import_values(request.user, payload, calendar, submit)
        except dhis2.ImportInvalid as bad:
            fields = {}
            for problem in bad.problems[:500]:
                fields.setdefault(problem.where, []).append(problem.message)
            raise Invalid(_("The file was not imported: %(count)s problems; nothing was written.")
                          % {"count": len(bad.problems)}, fields) from None
        return Response({"status": "SUCCESS", "months": summary.months, "importCount": {
            "imported": summary.imported, "updated": summary.updated, "ignored": summary.ignored}})


class CompleteDataSetRegistrations(ApiMixin, generics.GenericAPIView):
    serializer_class = RegistrationsSerializer

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="Jalali year; default the current one"),
                    OpenApiParameter("month", int, description="One Jalali month; default every month of the year"),
                    OpenApiParameter("center", str, description="Center codes, comma-separated; default all you may open"),
                    CALENDAR, OpenApiParameter("download", bool, description="Answer as a file to save (Content-Disposition)")],
        responses={200: RegistrationsSerializer, **errors(400, 401, 429)})
    def get(self, request):
        """The months that count (submitted or approved) as DHIS2 complete data set registrations,
        for POST /api/completeDataSetRegistrations?idScheme=CODE on DHIS2."""
        year = params.year(request, default=jalali.current_year_month()[0])
        month = params.month(request)
        found = dhis2.registrations(request.user, year, [month] if month else range(1, 13), params.codes(request, "center"),
                                    _calendar(request))
        response = Response(found)
        if params.boolean(request, "download"):
            name = f"payesh-dhis2-complete-{year}" + (f"-{month:02d}" if month else "") + ".json"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
