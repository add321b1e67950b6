from django.urls import path

from kinerja.service_metrics.api import views

urlpatterns = [
    path("service-tasks/", views.record_tasks, name="service-tasks"),
    path("service-metrics/", views.ServiceMetricList.as_view(), name="service-metrics"),
    path(
        "employees/<str:nip>/service-metrics/",
        views.employee_metrics,
        name="employee-service-metrics",
    ),
]
