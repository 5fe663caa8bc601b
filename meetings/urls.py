from django.urls import path

from meetings import views

app_name = "meetings"
M = "t/<slug:slug>/meetings/<int:pk>/"
urlpatterns = [
    path("t/<slug:slug>/meetings/", views.meeting_list, name="list"),
    path("t/<slug:slug>/meetings/new/", views.meeting_schedule, name="schedule"),
    path(M, views.meeting_detail, name="detail"),
    path(M + "items/", views.item_propose, name="item_propose"),
    path(M + "agenda/fix/", views.agenda_fix, name="agenda_fix"),
    path(M + "notice/", views.notice_send, name="notice_send"),
    path(M + "agenda/reopen/", views.agenda_reopen, name="agenda_reopen"),
    path(M + "reschedule/", views.meeting_reschedule, name="reschedule"),
    path(M + "materials/", views.material_add, name="material_add"),
    path(M + "materials/<int:material_pk>/", views.material_download, name="material"),
    path(M + "receipt/", views.receipt_record, name="receipt"),
    path(
        M + "items/<int:item_pk>/preparation/",
        views.preparation_add,
        name="preparation_add",
    ),
    path(M + "live/", views.meeting_live, name="live"),
    path(M + "open/", views.meeting_open, name="open"),
    path(M + "close/", views.meeting_close, name="close"),
    path(M + "attendance/", views.attendance, name="attendance"),
    path(M + "items/<int:item_pk>/ballot/", views.ballot_cast, name="ballot"),
    path(
        M + "items/<int:item_pk>/ballots/<int:ballot_pk>/correct/",
        views.ballot_correct,
        name="ballot_correct",
    ),
    path(M + "items/<int:item_pk>/close/", views.item_close, name="item_close"),
    path(
        M + "items/<int:item_pk>/postpone/", views.item_postpone, name="item_postpone"
    ),
    path(M + "minutes/", views.minutes, name="minutes"),
    path(M + "minutes/draft/", views.minutes_draft, name="minutes_draft"),
    path(M + "minutes/<int:number>/sign/", views.minutes_sign, name="minutes_sign"),
    path(M + "minutes/<int:number>/lock/", views.minutes_lock, name="minutes_lock"),
    path(
        M + "minutes/<int:number>/correct/",
        views.minutes_correct,
        name="minutes_correct",
    ),
    path(M + "minutes/<int:number>/pdf/", views.minutes_pdf, name="minutes_pdf"),
    path(
        M + "minutes/<int:number>/pdf/status/",
        views.minutes_pdf_status,
        name="minutes_pdf_status",
    ),
    path("t/<slug:slug>/decisions/", views.decision_register, name="decisions"),
    path("t/<slug:slug>/emergencies/", views.emergencies, name="emergencies"),
    path("calendar/<str:token>/meetings.ics", views.calendar_feed, name="calendar"),
]
