from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from committees import accounts  # SEC-2 logins
from config import views as site_views
from config.admin import AdminSite

admin.site.__class__ = AdminSite  # SEC-6/SEC-2: second factor, then the three duties

urlpatterns = [
    # Staff: their home; anyone else: the public landing page (disclosure:landing).
    path("", site_views.root, name="home"),
    # SEC-2: the password (and, past a lockout, a code), then the second factor.
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/me/", accounts.account, name="account"),
    path("accounts/verify/", accounts.verify, name="account_verify"),
    path("accounts/enrol/", accounts.enrol, name="account_enrol"),
    path(
        "accounts/recovery-codes/",
        accounts.recovery_codes,
        name="account_recovery_codes",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("committees.urls")),
    path("", include("meetings.urls")),
    path("", include("cadres.urls")),
    path("", include("cadres.appointments.urls")),
    path("", include("cadres.incentives.urls")),
    path("", include("finance.urls")),
    path("", include("projects.urls")),
    path("", include("oversight.urls")),
    # The public column: no login (PUB-1..4).
    path("", include("disclosure.urls")),
    path("admin/", admin.site.urls),
]
