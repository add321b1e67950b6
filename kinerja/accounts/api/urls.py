from django.urls import path

from kinerja.accounts.api import views

urlpatterns = [
    path("auth/token/", views.obtain_token, name="token"),
]
