from django.urls import path

from disclosure import views

app_name = "disclosure"
urlpatterns = [
    # The public column: no login (PUB-1..PUB-4).
    path("p/", views.landing, name="landing"),
    path("p/answer/", views.lookup, name="lookup"),
    path("p/verify/", views.verify, name="verify"),
    path("p/county/<int:pk>/", views.county, name="county"),
    path("p/set-language/", views.language, name="language"),
    path("p/<slug:slug>/", views.index, name="index"),
    path("p/<slug:slug>/search/", views.search, name="search"),
    path("p/<slug:slug>/sheet/", views.notice_sheet, name="notice_sheet"),
    path("p/<slug:slug>/feed.atom", views.feed, name="feed"),
    path("p/<slug:slug>/open-data.csv", views.data_csv, name="data_csv"),
    path("p/<slug:slug>/open-data.json", views.data_json, name="data_json"),
    path("p/<slug:slug>/c/<str:category>/", views.category, name="category"),
    path(
        "p/<slug:slug>/c/<str:category>/feed.atom",
        views.category_feed,
        name="category_feed",
    ),
    path("p/<slug:slug>/i/<int:pk>/", views.item, name="item"),
    path("p/<slug:slug>/i/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("p/<slug:slug>/i/<int:pk>/received/", views.received, name="received"),
    # The township's side (secretary and clerk).
    path("t/<slug:slug>/disclosure/", views.manage, name="manage"),
    path("t/<slug:slug>/disclosure/new/", views.item_new, name="item_new"),
    path("t/<slug:slug>/disclosure/<int:pk>/", views.item_manage, name="item_manage"),
    path("t/<slug:slug>/disclosure/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path(
        "t/<slug:slug>/disclosure/<int:pk>/publish/",
        views.item_publish,
        name="item_publish",
    ),
    path(
        "t/<slug:slug>/disclosure/<int:pk>/withdraw/",
        views.item_withdraw,
        name="item_withdraw",
    ),
    path(
        "t/<slug:slug>/disclosure/feedback/", views.feedback_list, name="feedback_list"
    ),
    path(
        "t/<slug:slug>/disclosure/feedback/<int:pk>/",
        views.feedback_manage,
        name="feedback_manage",
    ),
]
