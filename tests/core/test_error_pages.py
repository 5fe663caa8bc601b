"""The error pages are the site's own, in Chinese (issue 15): 400, 403, 404, 500 and the
expired form (CSRF), for the demo (DEBUG off) as well as production."""

import importlib

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.views import defaults
from django.views.csrf import csrf_failure


@pytest.fixture
def request_(rf: RequestFactory, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/nowhere/")
    request.user = AnonymousUser()
    request.LANGUAGE_CODE = "zh-hans"
    return request


def _in_layout(html: str) -> None:
    assert 'class="site-header"' in html
    assert "/static/css/app.css" in html
    assert "Page not found" not in html and "Server Error" not in html


def test_404_in_chinese_in_the_layout(db, client: Client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 404
    html = response.content.decode()
    _in_layout(html)
    assert "未找到" in html and "返回首页" in html


def test_403_in_chinese_in_the_layout(db, request_):
    response = defaults.permission_denied(request_, PermissionDenied())
    assert response.status_code == 403
    html = response.content.decode()
    _in_layout(html)
    assert "无权操作" in html


def test_400_in_chinese_in_the_layout(db, request_):
    response = defaults.bad_request(request_, Exception())
    assert response.status_code == 400
    html = response.content.decode()
    _in_layout(html)
    assert "请求无法处理" in html


def test_500_needs_no_context_and_is_chinese(db, request_):
    response = defaults.server_error(request_)
    assert response.status_code == 500
    html = response.content.decode()
    _in_layout(html)
    assert "服务器出错" in html
    assert 'lang="zh-CN"' in html


def test_expired_form_page_in_chinese(db, request_):
    response = csrf_failure(request_, reason="CSRF cookie not set.")
    assert response.status_code == 403
    html = response.content.decode()
    _in_layout(html)
    assert "表单已失效" in html
    assert "CSRF verification failed" not in html


def test_demo_settings_serve_the_real_error_pages(monkeypatch):
    """bin/serve's settings: DEBUG off (no English debug page listing the URL patterns),
    the hosts it serves allowed, static files served without collectstatic."""
    monkeypatch.delenv("DEBUG", raising=False)
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    demo = importlib.import_module("config.settings.demo")
    demo = importlib.reload(demo)
    assert demo.DEBUG is False
    assert {"127.0.0.1", "localhost"} <= set(demo.ALLOWED_HOSTS)
    assert demo.WHITENOISE_USE_FINDERS is True
    assert demo.STORAGES["staticfiles"]["BACKEND"].endswith(".StaticFilesStorage")
