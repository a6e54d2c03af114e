from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/remarks/<slug:code>/", views.remark_edit, name="remark"),
    path("<int:pk>/action-items/", views.action_item_add, name="action_item_add"),
    path("<int:pk>/finalize/", views.meeting_finalize, name="finalize"),
    path("<int:pk>/summary.<str:fmt>", views.meeting_export, name="export"),
    path("action-items/<int:pk>/", views.action_item_detail, name="action_item"),
    path("action-items/<int:pk>/status/", views.action_item_status, name="action_item_status"),
]
