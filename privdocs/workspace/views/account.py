"""Account pages of the workspace: setting a new password by a link sent by e-mail."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy


class PasswordReset(auth_views.PasswordResetView):
    """Mail a one-use link to the account with that address (and say the same
    whether there is one or not)."""

    template_name = "workspace/password_reset.html"
    email_template_name = "workspace/password_reset-body.txt"
    subject_template_name = "workspace/password_reset-subject.txt"
    success_url = reverse_lazy("workspace:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # The link's address is the configured public one, never the Host header
        # of the request that asked (which the asker chooses).
        self.extra_email_context = {"base_url": settings.PRIVDOCS_BASE_URL}
        return super().form_valid(form)


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
