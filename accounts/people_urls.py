"""The people of a province (its director and planners; a national planner: every province's)."""

from django.urls import path

from . import people

app_name = "people"

urlpatterns = [
    path("", people.people_list, name="list"),
    path("centers/<slug:code>/head/", people.center_head, name="center_head"),
    path("<int:pk>/deactivate/", people.deactivate, name="deactivate"),
    path("<int:pk>/reactivate/", people.reactivate, name="reactivate"),
    path("<int:pk>/password/", people.new_password, name="new_password"),
    path("<int:pk>/roles/", people.person_roles, name="roles"),
    path("<int:pk>/roles/<int:assignment>/end/", people.end_role, name="end_role"),
    path("new/", people.new_person, name="new_person"),
    path("changes/", people.changes, name="changes"),
    path("undo/", people.batch_list, name="batches"),
    path("undo/<int:pk>/", people.batch_detail, name="batch"),
]
