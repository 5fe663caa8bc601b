"""The UI shell: Chinese first, an English switch, a home page per role, landmarks."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_chinese_first_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-CN">' in response.content.decode()
    assert "<h1>登录</h1>" in response.content.decode()


def test_english_switch(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/accounts/login/"}
    )
    assert response.status_code == 302
    response = client.get(reverse("login"))
    assert '<html lang="en">' in response.content.decode()
    assert "<h1>Log in</h1>" in response.content.decode()


def test_home_per_role(world, login):
    secretary_home = login(world.a.secretary).get(reverse("home")).content.decode()
    assert "南岗镇" in secretary_home and "樟木桥镇" not in secretary_home
    reviewer_home = login(world.reviewer).get(reverse("home")).content.decode()
    assert "您督导的乡镇" in reviewer_home
    assert (
        "南岗镇" in reviewer_home
        and "樟木桥镇" in reviewer_home
        and "远方镇" not in reviewer_home
    )
    auditor_home = login(world.auditor).get(reverse("home")).content.decode()
    assert reverse("committees:audit_log") in auditor_home
    nobody_home = login(world.nobody).get(reverse("home")).content.decode()
    assert "尚未分配角色" in nobody_home


def test_landmarks_and_skip_link(world, login):
    page = login(world.a.secretary).get(reverse("home")).content.decode()
    for landmark in (
        '<header class="site-header">',
        '<main id="main"',
        "<nav ",
        "<footer",
    ):
        assert landmark in page
    assert 'href="#main"' in page


def test_no_cdn_static_is_vendored(world, login):
    page = login(world.a.secretary).get(reverse("home")).content.decode()
    assert "/static/vendor/htmx.min.js" in page
    assert "https://" not in page.split("<body>")[0]


def test_sec2_login_form_asks_for_the_password_not_a_password_change(client, world, login):
    """SEC-2: the login form's field reads 密码; the header's link reads 修改密码 (the two had
    one msgid, so the login form asked for a "password change")."""
    page = client.get(reverse("login")).content.decode()
    assert '<label for="id_password">密码' in page and "修改密码" not in page
    home = login(world.a.secretary).get(reverse("home")).content.decode()
    assert "修改密码" in home
