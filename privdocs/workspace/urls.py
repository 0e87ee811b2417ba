"""Workspace URLs, under /workspace/: the office's words (systems, pta, documents)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, path

from privdocs.workspace.views import (
    account,
    dashboard,
    documents,
    editor,
    pta,
    review,
    systems,
)

app_name = "workspace"

urlpatterns: list[URLPattern] = [
    path("", dashboard.dashboard, name="dashboard"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="workspace/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path(
        "logout/",
        auth_views.LogoutView.as_view(next_page="workspace:login"),
        name="logout",
    ),
    path("password-reset/", account.PasswordReset.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="workspace/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        account.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="workspace/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("systems/", systems.system_list, name="systems"),
    path("systems/<int:pk>/", systems.system_detail, name="system"),
    path("systems/<int:pk>/pta/", systems.pta_start, name="pta_start"),
    path("pta/<int:pk>/", pta.pta_detail, name="pta"),
    path(
        "pta/<int:pk>/determination/",
        pta.determination_decide,
        name="determination",
    ),
    path(
        "pta/<int:pk>/participants/",
        pta.pta_participant_invite,
        name="pta_participants",
    ),
    path(
        "pta/<int:pk>/open/<str:kind>/",
        pta.determination_open,
        name="determination_open",
    ),
    path("documents/", documents.document_list, name="documents"),
    path("documents/new/", documents.document_new, name="document_new"),
    path("documents/<int:pk>/", documents.document_detail, name="document"),
    path(
        "documents/<int:pk>/word/",
        documents.document_download_docx,
        name="document_docx",
    ),
    path(
        "documents/<int:pk>/discard/",
        documents.document_discard,
        name="document_discard",
    ),
    path(
        "documents/<int:pk>/participants/",
        documents.document_participant_add,
        name="document_participants",
    ),
    path(
        "documents/<int:pk>/steps/<str:step>/",
        documents.document_step,
        name="document_step",
    ),
    path(
        "documents/<int:pk>/sections/<str:section_id>/",
        editor.section_editor,
        name="section",
    ),
    path("documents/<int:pk>/review/", review.review, name="review"),
    path("documents/<int:pk>/comments/", review.comment_post, name="comment"),
    path(
        "documents/<int:pk>/comments/<int:comment_pk>/resolve/",
        review.comment_resolve_view,
        name="comment_resolve",
    ),
    path("documents/<int:pk>/redline/", review.redline, name="redline"),
]
