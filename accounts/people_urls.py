"""The people of the province (director and planners)."""

from django.urls import path

from . import people

app_name = "people"

urlpatterns = [
    path("", people.people_list, name="list"),
    path("centers/<slug:code>/head/", people.center_head, name="center_head"),
    path("<int:pk>/deactivate/", people.deactivate, name="deactivate"),
    path("<int:pk>/reactivate/", people.reactivate, name="reactivate"),
    path("<int:pk>/password/", people.new_password, name="new_password"),
    path("changes/", people.changes, name="changes"),
    path("undo/", people.batch_list, name="batches"),
    path("undo/<int:pk>/", people.batch_detail, name="batch"),
]
