from django.urls import path

from commissioning.engagement import panel_views, views

app_name = "engagement"

urlpatterns = [
    path("", views.InvolvementListView.as_view(), name="list"),
    path("activities/", views.ActivityChooseView.as_view(), name="activity-choose"),
    path("activities/<int:pk>/", views.ActivityEngagementView.as_view(), name="activity"),
    path("activities/<int:pk>/add/", views.InvolvementCreateView.as_view(), name="involvement-create"),
    path("involvement/<int:pk>/", views.InvolvementDetailView.as_view(), name="involvement"),
    path("involvement/<int:pk>/history/", views.InvolvementHistoryView.as_view(), name="involvement-history"),
    path("involvement/<int:pk>/change/", views.InvolvementUpdateView.as_view(), name="involvement-update"),
    path("involvement/<int:pk>/feedback/", views.FeedbackView.as_view(), name="involvement-feedback"),
    path("involvement/<int:pk>/archive/", views.InvolvementArchiveView.as_view(), name="involvement-archive"),
    path("involvement/<int:pk>/restore/", views.InvolvementRestoreView.as_view(), name="involvement-restore"),
    path("consultations/", views.ConsultationListView.as_view(), name="consultations"),
    path("consultations/add/", views.ConsultationCreateView.as_view(), name="consultation-create"),
    path("consultations/<int:pk>/", views.ConsultationDetailView.as_view(), name="consultation"),
    path(
        "consultations/<int:pk>/history/",
        views.ConsultationHistoryView.as_view(),
        name="consultation-history",
    ),
    path(
        "consultations/<int:pk>/change/", views.ConsultationUpdateView.as_view(), name="consultation-update"
    ),
    path(
        "consultations/<int:pk>/archive/",
        views.ConsultationArchiveView.as_view(),
        name="consultation-archive",
    ),
    path(
        "consultations/<int:pk>/restore/",
        views.ConsultationRestoreView.as_view(),
        name="consultation-restore",
    ),
    path("policy/", views.PolicyView.as_view(), name="support-types"),
    path("policy/", views.PolicyView.as_view(), name="panels"),
    path("policy/support/add/", views.SupportTypeFormView.as_view(), name="support-type-create"),
    path("policy/support/<int:pk>/change/", views.SupportTypeFormView.as_view(), name="support-type-update"),
    path(
        "policy/support/<int:pk>/archive/",
        views.SupportTypeArchiveView.as_view(),
        name="support-type-archive",
    ),
    path(
        "policy/support/<int:pk>/restore/",
        views.SupportTypeRestoreView.as_view(),
        name="support-type-restore",
    ),
    path("policy/panels/add/", views.PanelFormView.as_view(), name="panel-create"),
    path("policy/panels/<int:pk>/change/", views.PanelFormView.as_view(), name="panel-update"),
    # The panel member's simplified view
    path("my/", panel_views.PanelHomeView.as_view(), name="panel-home"),
    path("my/involvement/", panel_views.PanelInvolvementListView.as_view(), name="panel-involvement"),
    path(
        "my/involvement/<int:pk>/",
        panel_views.PanelInvolvementDetailView.as_view(),
        name="panel-involvement-detail",
    ),
    path("my/feedback/", panel_views.PanelFeedbackListView.as_view(), name="panel-feedback"),
    path("my/questions/", panel_views.PanelConsultationListView.as_view(), name="panel-consultations"),
    path("my/questions/<int:pk>/", panel_views.PanelConsultationView.as_view(), name="panel-consultation"),
    path("my/questions/<int:pk>/thanks/", panel_views.PanelThanksView.as_view(), name="panel-thanks"),
]
