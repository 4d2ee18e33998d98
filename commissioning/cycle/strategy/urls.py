"""The strategy or plan of a commissioning activity, its approval and its publication."""

from django.urls import path

from commissioning.cycle.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.StrategyDetailView.as_view(), name="detail"),
    path("draft/", views.StrategyCreateView.as_view(), name="create"),
    path("change/", views.StrategyUpdateView.as_view(), name="change"),
    path("history/", views.StrategyHistoryView.as_view(), name="history"),
    path("approve/", views.StrategyApproveView.as_view(), name="approve"),
    path("reopen/", views.StrategyReopenView.as_view(), name="reopen"),
    path("publish/", views.StrategyPublishView.as_view(), name="publish"),
    path("unpublish/", views.StrategyUnpublishView.as_view(), name="unpublish"),
    path("archive/", views.StrategyArchiveView.as_view(), name="archive"),
    path("restore/", views.StrategyRestoreView.as_view(), name="restore"),
    path("priorities/add/", views.PriorityCreateView.as_view(), name="priority-add"),
    path("priorities/from-needs/", views.PrioritiesFromNeedsView.as_view(), name="priorities-from-needs"),
    path("priorities/<int:row_pk>/change/", views.PriorityUpdateView.as_view(), name="priority-change"),
    path("priorities/<int:row_pk>/remove/", views.PriorityRemoveView.as_view(), name="priority-remove"),
    path("priorities/<int:row_pk>/move/", views.PriorityMoveView.as_view(), name="priority-move"),
    path("recommendations/add/", views.RecommendationCreateView.as_view(), name="recommendation-add"),
    path(
        "recommendations/<int:row_pk>/change/",
        views.RecommendationUpdateView.as_view(),
        name="recommendation-change",
    ),
    path(
        "recommendations/<int:row_pk>/remove/",
        views.RecommendationRemoveView.as_view(),
        name="recommendation-remove",
    ),
    path(
        "recommendations/<int:row_pk>/move/",
        views.RecommendationMoveView.as_view(),
        name="recommendation-move",
    ),
    path("issues/add/", views.IssueCreateView.as_view(), name="issue-add"),
    path("issues/<int:row_pk>/change/", views.IssueUpdateView.as_view(), name="issue-change"),
    path("issues/<int:row_pk>/remove/", views.IssueRemoveView.as_view(), name="issue-remove"),
]
