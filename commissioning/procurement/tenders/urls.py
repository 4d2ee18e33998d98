from django.urls import path

from commissioning.procurement.tenders import views

urlpatterns = [
    path("", views.ProcurementListView.as_view(), name="list"),
    path("plan/", views.ProcurementCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ProcurementDetailView.as_view(), name="detail"),
    path("<int:pk>/change/", views.ProcurementChangeView.as_view(), name="change"),
    path("<int:pk>/history/", views.ProcurementHistoryView.as_view(), name="history"),
    path("<int:pk>/steps/<int:step>/", views.StepChangeView.as_view(), name="step-change"),
    path("<int:pk>/timetable/<int:milestone>/", views.MilestoneChangeView.as_view(), name="milestone-change"),
    path("<int:pk>/notices/<int:notice>/", views.NoticeChangeView.as_view(), name="notice-change"),
    path("<int:pk>/project/", views.ProjectView.as_view(), name="project"),
    path("<int:pk>/project/change/", views.ProjectChangeView.as_view(), name="project-change"),
    path("<int:pk>/project/team/add/", views.TeamMemberAddView.as_view(), name="team-add"),
    path(
        "<int:pk>/project/team/<int:member>/archive/",
        views.TeamMemberArchiveView.as_view(),
        name="team-archive",
    ),
    path("<int:pk>/project/risks/add/", views.RiskSaveView.as_view(), name="risk-add"),
    path("<int:pk>/project/risks/<int:risk>/", views.RiskSaveView.as_view(), name="risk-change"),
    path("<int:pk>/conflicts/", views.ConflictsView.as_view(), name="conflicts"),
    path("<int:pk>/conflicts/assess/", views.ConflictAssessmentAddView.as_view(), name="conflict-assess"),
    path("<int:pk>/questions/", views.QuestionsView.as_view(), name="questions"),
    path("<int:pk>/questions/weights/", views.WeightsChangeView.as_view(), name="weights"),
    path("<int:pk>/questions/add/", views.QuestionSaveView.as_view(), name="question-add"),
    path("<int:pk>/questions/<int:question>/", views.QuestionSaveView.as_view(), name="question-change"),
    path(
        "<int:pk>/questions/<int:question>/archive/",
        views.QuestionArchiveView.as_view(),
        name="question-archive",
    ),
    path("<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
    path("<int:pk>/cancel/", views.CancelView.as_view(), name="cancel"),
]
