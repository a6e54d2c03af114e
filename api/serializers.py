"""What the API reads and writes, field by field (the OpenAPI schema is drawn from these).

Codes (not database ids) name centers, sectors, areas, measures and provinces, as in the pages'
URLs and the workbooks. Ratios are plain fractions (0.8 is 80%), never rounded: a client rounds.
"""

from rest_framework import serializers

from centers.models import Center, Province
from commitments.models import Commitment, Measure, Sector, TrainingArea
from meetings.models import ActionItem, CenterRemark, Meeting
from payesh import display, limits
from reports import deadlines
from reports.models import Figure, MonthlyReport

from .models import ApiToken

REPORTING_CODES = list(deadlines.LABELS)


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name_fa", "name_en"]


class CenterSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Center
        fields = ["code", "name_fa", "name_en", "county_fa", "county_en", "kind", "active", "province"]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["code", "name_fa", "name_en", "order"]


class AreaSerializer(serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = TrainingArea
        fields = ["code", "name_fa", "name_en", "sector", "order", "active"]


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = ["code", "name_fa", "name_en", "unit_fa", "unit_en", "order"]


def _code():
    return serializers.SlugRelatedField(slug_field="code", read_only=True)


class CommitmentSerializer(serializers.ModelSerializer):
    center, sector, area, measure = _code(), _code(), _code(), _code()
    phased = serializers.ListField(child=serializers.IntegerField(), read_only=True,
                                   help_text="The twelve monthly phased targets, Farvardin to Esfand; they add up to the target.")

    class Meta:
        model = Commitment
        fields = ["id", "year", "center", "sector", "area", "measure", "target", "phased", "status",
                  "letter_number", "letter_date"]


class FigureSerializer(serializers.ModelSerializer):
    sector, area, measure = _code(), _code(), _code()

    class Meta:
        model = Figure
        fields = ["sector", "area", "measure", "value", "comment"]


class ReportSerializer(serializers.ModelSerializer):
    center = _code()
    reporting = serializers.SerializerMethodField(help_text="reports.deadlines: " + ", ".join(REPORTING_CODES))
    figures = FigureSerializer(many=True, read_only=True)

    class Meta:
        model = MonthlyReport
        fields = ["center", "year", "month", "status", "version", "reporting", "submitted_at", "approved_at",
                  "returned_at", "return_comment", "updated_at", "figures"]

    def get_reporting(self, report) -> str:
        return deadlines.of_report(report, report.year, report.month)


# --- a month as the entry page shows it, and the write of it ---------------------------------------


class GridRowSerializer(serializers.Serializer):
    sector = serializers.CharField(source="commitment.sector.code")
    area = serializers.CharField(source="commitment.area.code")
    measure = serializers.CharField(source="commitment.measure.code")
    month_target = serializers.IntegerField()
    actual_to_date = serializers.IntegerField(help_text="A(m) of the row: counted reports of months 1..m.")
    value = serializers.IntegerField(source="saved.value", allow_null=True, default=None)
    comment = serializers.CharField(source="saved.comment", default="")
    from_course_register = serializers.BooleanField(source="is_derived")


class MonthSerializer(serializers.Serializer):
    center = serializers.CharField(source="grid.center.code")
    year = serializers.IntegerField(source="grid.year")
    month = serializers.IntegerField(source="grid.month")
    status = serializers.CharField(source="grid.report.status", allow_null=True, default=None,
                                   help_text="draft, submitted, returned, approved; null before the first save")
    version = serializers.IntegerField(source="grid.version", help_text="Send it back with a write; 0 before the first save.")
    reporting = serializers.CharField(help_text="reports.deadlines: " + ", ".join(REPORTING_CODES))
    return_comment = serializers.CharField(source="grid.report.return_comment", default="")
    editable = serializers.BooleanField(help_text="Whether this caller may change the month now.")
    locked_because = serializers.CharField(help_text="Why not, when not editable.")
    rows = GridRowSerializer(many=True, source="grid.rows")


class FigureWriteSerializer(serializers.Serializer):
    sector = serializers.CharField(max_length=30)
    area = serializers.CharField(max_length=30)
    measure = serializers.CharField(max_length=30)
    value = serializers.CharField(
        max_length=40, allow_null=True, allow_blank=True,
        help_text="A whole number, in Latin, Persian or Arabic-Indic digits, separators allowed (a JSON number is "
                  f"accepted too); at most {limits.FIGURE_MAX}. Blank or null clears the row.")
    comment = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")


class MonthWriteSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1,
                                       help_text="The version you read; a newer one on the server answers 409.")
    figures = FigureWriteSerializer(many=True, max_length=2000,
                                    help_text="The rows to change; rows not sent keep their saved values.")
    submit = serializers.BooleanField(default=False, help_text="Send the month for review (every row needs a figure).")


class ErrorSerializer(serializers.Serializer):
    """The shape of every error (api/errors.py)."""

    class Inner(serializers.Serializer):
        code = serializers.CharField()
        message = serializers.CharField()
        fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
        current = MonthSerializer(required=False, help_text="With a 409 stale: the month as it is saved now.")

    error = Inner()


# --- the progress board ---------------------------------------------------------------------------


class LineSerializer(serializers.Serializer):
    target = serializers.IntegerField()
    expected = serializers.IntegerField(help_text="E(m): the phased targets of months 1..m that are due (an open month's "
                                                  "once the center has reported it; see as_of).")
    actual = serializers.IntegerField(help_text="A(m): counted figures of months 1..m on rows with a commitment in force.")
    outside = serializers.IntegerField(help_text="Counted figures of months 1..m on rows without a commitment in force "
                                                 "(work outside the commitments): never in actual, achievement or pace.")
    achievement = serializers.FloatField(allow_null=True, help_text="A / T")
    pace = serializers.FloatField(allow_null=True, help_text="A / E; ranks the centers")
    projection = serializers.FloatField(allow_null=True, help_text="A x T / E")
    status = serializers.CharField(help_text="on_track, slightly_behind, behind, nothing_expected, no_commitment")
    rank = serializers.IntegerField(allow_null=True)
    achievement_percent = serializers.SerializerMethodField(help_text="As the pages show it (payesh.display.percent_shown)")
    pace_percent = serializers.SerializerMethodField(help_text="As the pages show it: rounded, never up onto a status threshold")

    def get_achievement_percent(self, line) -> float | None:
        return None if line.achievement is None else display.percent_shown(line.achievement)

    def get_pace_percent(self, line) -> float | None:
        return None if line.pace is None else display.percent_shown(line.pace)


class NamedLineSerializer(LineSerializer):
    code = serializers.CharField(source="key.code")


class BoardRowSerializer(serializers.Serializer):
    center = serializers.CharField(source="center.code")
    name_fa = serializers.CharField(source="center.name_fa")
    name_en = serializers.CharField(source="center.name_en")
    numbers = LineSerializer(source="line")
    report_status = serializers.CharField(allow_null=True)
    reporting = serializers.CharField()
    owes_report = serializers.BooleanField()


class SelectionSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    measure = serializers.CharField(source="measure.code", allow_null=True, default=None)
    sector = serializers.CharField(source="sector.code", allow_null=True, default=None)
    area = serializers.CharField(source="area.code", allow_null=True, default=None)
    province = serializers.CharField(source="province.code", allow_null=True, default=None)
    approved_only = serializers.BooleanField()


class AsOfSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    phase = serializers.ChoiceField(["closed", "awaiting", "running", "plan"], help_text=(
        "closed: the month's report deadline has passed; awaiting: the month has ended, its deadline has not; running: "
        "today is in it (its numbers so far); plan: it has not begun"))
    day = serializers.IntegerField(help_text="Today's day of a running month (0 otherwise)")
    days = serializers.IntegerField(help_text="The month's length in days")
    open_months = serializers.ListField(child=serializers.IntegerField(), help_text=(
        "Months up to the as-of month whose deadline has not passed: each is due for a center only once its report counts"))
    due_date = serializers.DateField(help_text="The as-of month's report deadline (Gregorian)")
    label = serializers.CharField(help_text="What the numbers are as of, in the request's language")


class BoardSerializer(serializers.Serializer):
    selection = SelectionSerializer()
    as_of = AsOfSerializer()
    total = LineSerializer()
    owing = serializers.IntegerField(help_text="Centers that owe the month's report.")
    reported = serializers.IntegerField()
    on_time = serializers.IntegerField()
    reporting_rate = serializers.FloatField(allow_null=True)
    rows = BoardRowSerializer(many=True)
    by_sector = NamedLineSerializer(many=True)
    by_area = NamedLineSerializer(many=True)


class CenterBoardSerializer(serializers.Serializer):
    selection = SelectionSerializer()
    as_of = AsOfSerializer()
    center = serializers.CharField(source="center.code")
    numbers = LineSerializer(source="row.line")
    ranked_of = serializers.IntegerField(source="of", help_text="Ranked centers of its province")
    report_status = serializers.CharField(source="row.report_status", allow_null=True)
    reporting = serializers.CharField(source="row.reporting")
    monthly_actual = serializers.ListField(child=serializers.IntegerField(), source="row.line.monthly",
                                           help_text="Counted actual of each month (0 after the as-of month)")
    monthly_target = serializers.ListField(child=serializers.IntegerField(), source="row.line.phased",
                                           help_text="Phased target of each month")
    by_sector = NamedLineSerializer(many=True)
    by_area = NamedLineSerializer(many=True)


class ReportingCellSerializer(serializers.Serializer):
    month = serializers.IntegerField()
    report_status = serializers.CharField(allow_null=True)
    reporting = serializers.CharField()


class ReportingRowSerializer(serializers.Serializer):
    center = serializers.CharField(source="center.code")
    owes_report = serializers.BooleanField()
    months = ReportingCellSerializer(many=True)


class ReportingSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    province = serializers.CharField(allow_null=True)
    rows = ReportingRowSerializer(many=True)


# --- meetings -------------------------------------------------------------------------------------


class RemarkSerializer(serializers.ModelSerializer):
    center = _code()

    class Meta:
        model = CenterRemark
        fields = ["center", "challenges", "opportunities", "suggestions", "updated_at"]


class ActionItemSerializer(serializers.ModelSerializer):
    responsible_center = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ActionItem
        fields = ["id", "text", "responsible_center", "responsible_person", "due_date", "status", "overdue", "done_at"]


class MeetingSerializer(serializers.ModelSerializer):
    province = _code()

    class Meta:
        model = Meeting
        fields = ["id", "province", "date", "title", "year", "month", "status", "agenda", "minutes", "finalized_at"]


class MeetingDetailSerializer(MeetingSerializer):
    remarks = serializers.SerializerMethodField()
    action_items = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "remarks", "action_items"]

    def _own(self):
        return self.context.get("own_center")

    def get_remarks(self, meeting) -> RemarkSerializer(many=True):
        remarks = meeting.remarks.select_related("center")
        if self._own() is not None:
            remarks = remarks.filter(center=self._own())
        return RemarkSerializer(remarks, many=True).data

    def get_action_items(self, meeting) -> ActionItemSerializer(many=True):
        items = meeting.action_items.select_related("responsible_center")
        if self._own() is not None:
            items = items.filter(responsible_center=self._own())
        return ActionItemSerializer(items, many=True).data


# --- tokens -------------------------------------------------------------------------------------


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
