"""The admin alone: the template admin tests do not depend on the other apps' pages."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
