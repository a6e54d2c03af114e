"""Dashboards: province, center, focus views, reporting status, exports."""

urlpatterns = []
