"""/api/: the REST API (JSON), its schema and documentation, and the page of personal tokens."""

from django.urls import path, register_converter
from drf_spectacular.views import SpectacularAPIView

from . import dhis2_pages, dhis2_views, pages, quality, views

app_name = "api"


class Anything:
    """Any rest of an address, new lines included (Django's `path` stops at one), so that every
    unknown address under /api/ answers the API's JSON 404."""

    regex = "(?s:.+)"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(Anything, "anything")

month = "centers/<slug:code>/reports/<int:year>/<int:month>/"

urlpatterns = [
    path("provinces/", views.ProvinceList.as_view(), name="provinces"),
    path("centers/", views.CenterList.as_view(), name="centers"),
    path("centers/<slug:code>/", views.CenterDetail.as_view(), name="center"),
    path("centers/<slug:code>/board/", views.CenterBoardView.as_view(), name="center_board"),
    path(month, views.MonthView.as_view(), name="month"),
    path("sectors/", views.SectorList.as_view(), name="sectors"),
    path("areas/", views.AreaList.as_view(), name="areas"),
    path("measures/", views.MeasureList.as_view(), name="measures"),
    path("commitments/", views.CommitmentList.as_view(), name="commitments"),
    path("reports/", views.ReportList.as_view(), name="reports"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("reporting/", views.ReportingView.as_view(), name="reporting"),
    path("quality/", quality.QualityView.as_view(), name="quality"),
    path("meetings/", views.MeetingList.as_view(), name="meetings"),
    path("meetings/<int:pk>/", views.MeetingDetail.as_view(), name="meeting"),
    path("me/tokens/", views.TokenList.as_view(), name="my_tokens"),
    path("me/tokens/<int:pk>/", views.TokenDetail.as_view(), name="my_token"),
    path("dhis2/dataValueSets/", dhis2_views.DataValueSets.as_view(), name="dhis2"),
    path("dhis2/completeDataSetRegistrations/", dhis2_views.CompleteDataSetRegistrations.as_view(), name="dhis2_complete"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", pages.ApiDocs.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", pages.tokens_page, name="tokens"),
    path("dhis2/", dhis2_pages.exchange, name="dhis2_page"),
    path("dhis2/push/", dhis2_pages.push, name="dhis2_push"),
    path("tokens/<int:pk>/revoke/", pages.revoke, name="revoke"),
    path("tokens/people/", pages.people_tokens, name="people_tokens"),
    path("tokens/people/<int:pk>/revoke/", pages.revoke_for, name="revoke_for"),
    path("<anything:rest>", views.NotFound.as_view(), name="not_found"),
]
