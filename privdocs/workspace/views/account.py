"""Account pages of the workspace: setting a new password by a link sent by e-mail."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from privdocs.core.middleware import client_address


class PasswordReset(auth_views.PasswordResetView):
    """Mail a one-use link to the account with that address (and say the same
    whether there is one or not)."""

    template_name = "workspace/password_reset.html"
    email_template_name = "workspace/password_reset-body.txt"
    subject_template_name = "workspace/password_reset-subject.txt"
    success_url = reverse_lazy("workspace:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        if not _reset_request_allowed(self.request, form.cleaned_data["email"]):
            return render(
                self.request,
                "workspace/password_reset_throttled.html",
                {"minutes": settings.AXES_COOLOFF_TIME.total_seconds() // 60},
                status=429,
            )
        # The link's address is the configured public one, never the Host header
        # of the request that asked (which the asker chooses).
        self.extra_email_context = {"base_url": settings.PRIVDOCS_BASE_URL}
        return super().form_valid(form)


def _reset_request_allowed(request: HttpRequest, email: str) -> bool:
    """Whether another reset mail may go out: at most AXES_FAILURE_LIMIT requests
    per address asking and per e-mail address asked for, in AXES_COOLOFF_TIME.

    Counted in the default cache (each worker's memory unless a shared cache is
    configured): enough to keep one form from mailing a mailbox without end.
    """
    window = int(settings.AXES_COOLOFF_TIME.total_seconds())
    allowed = True
    for key in (
        f"password-reset:address:{client_address(request)}",
        f"password-reset:email:{email.strip().lower()}",
    ):
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:
            # Expired between add and incr: this is the first request again.
            cache.set(key, 1, timeout=window)
            count = 1
        if count > settings.AXES_FAILURE_LIMIT:
            allowed = False
    return allowed


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """The page the link opens: a new password, twice."""

    template_name = "workspace/password_reset_confirm.html"
    success_url = reverse_lazy("workspace:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever holds the link owns the mailbox: the lock-out that sent them
        # here has done its job.
        axes_reset(username=form.user.get_username())
        return response
