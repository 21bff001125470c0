"""Login with throttling, logout, and password change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from ..audit.services import record
from .models import LoginFailure
from .services import change_password


def client_address(request: HttpRequest | None) -> str:
    return request.META.get("REMOTE_ADDR", "")[:64] if request is not None else ""


def _throttled(username: str, address: str) -> bool:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.LOGIN_MAX_FAILURES
    return recent.filter(username=username).count() >= limit or recent.filter(address=address).count() >= limit * 4


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {  # noqa: RUF012 (Django reads it as a class attribute)
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用。",
        "throttled": "登录失败次数过多，请稍后再试。",
    }

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()[:150]
        address = client_address(self.request)
        if _throttled(username, address):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except ValidationError:
            LoginFailure.objects.create(username=username, address=address)
            raise


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        record(actor=user, action="login", object_type="user", object_id=user.pk, reason=client_address(self.request))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        change_password(user=form.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, "密码已修改。")
        return redirect("/")
