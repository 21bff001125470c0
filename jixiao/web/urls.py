from django.contrib.auth import views as auth_views
from django.urls import path

from .accounts.views import LoginView, PasswordChangeView
from .declarations import file_views, views
from .evaluation import views as evaluation_views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path("declarations/", views.declaration_list_view, name="declaration_list"),
    path("declarations/new/", views.declaration_new, name="declaration_new"),
    path("declarations/<int:pk>/", views.declaration_detail, name="declaration_detail"),
    path("declarations/<int:pk>/edit/", views.declaration_edit, name="declaration_edit"),
    path("declarations/<int:pk>/history/", views.declaration_history, name="declaration_history"),
    path("declarations/<int:pk>/audit/", views.declaration_audit, name="declaration_audit"),
    path("declarations/<int:pk>/action/<slug:action>/", views.declaration_action, name="declaration_action"),
    path("declarations/<int:pk>/download/<slug:fmt>/", file_views.download, name="declaration_download"),
    path("declarations/template/", file_views.template, name="declaration_template"),
    path("declarations/upload/", file_views.upload, name="upload"),
    path("declarations/upload/<int:pk>/", file_views.upload_check, name="upload_check"),
    path("declarations/upload/<int:pk>/confirm/", file_views.upload_confirm, name="upload_confirm"),
    path("declarations/export/", file_views.export_start, name="export_start"),
    path("exports/<int:pk>/", file_views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", file_views.export_download, name="export_download"),
    path("declarations/<int:pk>/monitoring/", evaluation_views.monitoring, name="monitoring"),
    path("declarations/<int:pk>/evaluation/", evaluation_views.evaluation, name="evaluation"),
    path("declarations/<int:pk>/evaluation/sign/", evaluation_views.evaluation_sign, name="evaluation_sign"),
    path("declarations/<int:pk>/evaluation/download/<slug:fmt>/", evaluation_views.evaluation_download,
         name="evaluation_download"),
    path("declarations/<int:pk>/monitoring/<int:record_id>/download/<slug:fmt>/",
         evaluation_views.monitoring_download, name="monitoring_download"),
    path("dashboard/", evaluation_views.dashboard_view, name="dashboard_charts"),
    path("editor/row/", views.indicator_row, name="indicator_row"),
    path("editor/target/", views.target_preview, name="target_preview"),
    path("public/", views.public_list_view, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/<int:pk>/pdf/", file_views.public_pdf, name="public_pdf"),
]
