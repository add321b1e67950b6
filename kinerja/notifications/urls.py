from django.urls import path

from kinerja.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/", views.notification_open, name="open"),
    path("baca/", views.mark_read, name="mark_read"),
]
