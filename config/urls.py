from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import views as site_views

urlpatterns = [
    # Staff: their home; anyone else: the public landing page (disclosure:landing).
    path("", site_views.root, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
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
