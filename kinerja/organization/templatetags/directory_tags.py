"""Links of the directory pages, built in one place."""

from django import template
from django.urls import reverse

from kinerja.organization.models import Employee

register = template.Library()


@register.filter
def profile_url(employee: Employee) -> str:
    """The address of ``employee``'s profile page."""
    return reverse("organization:employee_detail", args=[employee.pk])
