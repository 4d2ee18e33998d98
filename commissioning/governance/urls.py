from django.urls import path

from commissioning.governance import views

app_name = "governance"

urlpatterns = [
    path("", views.BodyListView.as_view(), name="home"),
    path("bodies/add/", views.BodyCreateView.as_view(), name="body-create"),
    path("bodies/<int:pk>/", views.BodyDetailView.as_view(), name="body-detail"),
    path("bodies/<int:pk>/history/", views.BodyHistoryView.as_view(), name="body-history"),
    path("bodies/<int:pk>/change/", views.BodyUpdateView.as_view(), name="body-update"),
    path("bodies/<int:pk>/archive/", views.BodyArchiveView.as_view(), name="body-archive"),
    path("bodies/<int:pk>/restore/", views.BodyRestoreView.as_view(), name="body-restore"),
    path("bodies/<int:pk>/members/add/", views.MemberAddView.as_view(), name="member-add"),
    path("bodies/<int:pk>/members/<int:member_pk>/", views.MemberUpdateView.as_view(), name="member-update"),
    path(
        "bodies/<int:pk>/members/<int:member_pk>/leave/",
        views.MemberArchiveView.as_view(),
        name="member-archive",
    ),
    path("bodies/<int:pk>/meetings/add/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("meetings/", views.MeetingListView.as_view(), name="meetings"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/history/", views.MeetingHistoryView.as_view(), name="meeting-history"),
    path("meetings/<int:pk>/change/", views.MeetingUpdateView.as_view(), name="meeting-update"),
    path("meetings/<int:pk>/archive/", views.MeetingArchiveView.as_view(), name="meeting-archive"),
    path("meetings/<int:pk>/restore/", views.MeetingRestoreView.as_view(), name="meeting-restore"),
    path("meetings/<int:pk>/agenda/add/", views.AgendaItemView.as_view(), name="agenda-add"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/", views.AgendaItemView.as_view(), name="agenda-update"),
    path("meetings/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("meetings/<int:pk>/minutes/", views.MinutesView.as_view(), name="minutes"),
    path("meetings/<int:pk>/minutes/approve/", views.ApproveMinutesView.as_view(), name="minutes-approve"),
    path("meetings/<int:pk>/pack.pdf", views.PackView.as_view(), name="pack"),
    path("meetings/<int:pk>/pack/<slug:part>.pdf", views.PackView.as_view(), name="pack-part"),
    path("decisions/", views.DecisionListView.as_view(), name="decisions"),
    path("decisions/add/", views.DecisionCreateView.as_view(), name="decision-create"),
    path("decisions/<int:pk>/", views.DecisionDetailView.as_view(), name="decision-detail"),
    path("decisions/<int:pk>/history/", views.DecisionHistoryView.as_view(), name="decision-history"),
    path("decisions/<int:pk>/archive/", views.DecisionArchiveView.as_view(), name="decision-archive"),
    path("decisions/<int:pk>/restore/", views.DecisionRestoreView.as_view(), name="decision-restore"),
    path("actions/", views.ActionListView.as_view(), name="actions"),
    path("actions/add/", views.ActionFormView.as_view(), name="action-create"),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action-detail"),
    path("actions/<int:pk>/history/", views.ActionHistoryView.as_view(), name="action-history"),
    path("actions/<int:pk>/change/", views.ActionFormView.as_view(), name="action-update"),
    path("actions/<int:pk>/archive/", views.ActionArchiveView.as_view(), name="action-archive"),
    path("actions/<int:pk>/progress/", views.ActionProgressView.as_view(), name="action-progress"),
]
