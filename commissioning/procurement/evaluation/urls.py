from django.urls import path

from commissioning.procurement.evaluation import views

urlpatterns = [
    path("panels/", views.MyPanelsView.as_view(), name="my-panels"),
    path("<int:pk>/evaluation/", views.EvaluationView.as_view(), name="evaluation"),
    path("<int:pk>/panel/", views.PanelView.as_view(), name="panel"),
    path("<int:pk>/panel/add/", views.PanelAddView.as_view(), name="panel-add"),
    path(
        "<int:pk>/panel/<int:member_pk>/training/", views.PanelTrainingView.as_view(), name="panel-training"
    ),
    path("<int:pk>/panel/<int:member_pk>/remove/", views.PanelRemoveView.as_view(), name="panel-remove"),
    path("<int:pk>/declare/", views.DeclareView.as_view(), name="declare"),
    path("<int:pk>/scoring/", views.ScoringView.as_view(), name="scoring"),
    path("<int:pk>/scoring/<int:bid_pk>/", views.ScoreSheetView.as_view(), name="score-sheet"),
    path("<int:pk>/moderation/", views.ModerationView.as_view(), name="moderation"),
    path(
        "<int:pk>/moderation/<int:bid_pk>/<int:question_pk>/", views.ModerateView.as_view(), name="moderate"
    ),
    path("<int:pk>/moderation/<int:bid_pk>/exclude/", views.BidExcludeView.as_view(), name="bid-exclude"),
    path("<int:pk>/ranking/", views.RankingView.as_view(), name="ranking"),
    path("<int:pk>/award/", views.AwardView.as_view(), name="award"),
    path("<int:pk>/award/<int:award_pk>/notice/", views.AwardNoticeView.as_view(), name="award-notice"),
    path("<int:pk>/award/<int:award_pk>/contract/", views.ContractEnterView.as_view(), name="contract-enter"),
    path(
        "<int:pk>/award/<int:award_pk>/grant-agreement/",
        views.GrantAgreementView.as_view(),
        name="grant-agreement",
    ),
    path(
        "<int:pk>/award/<int:award_pk>/grant-agreement/pdf/",
        views.GrantAgreementPdfView.as_view(),
        name="grant-agreement-pdf",
    ),
    path("<int:pk>/letters/", views.LettersView.as_view(), name="letters"),
    path("<int:pk>/letters/<int:letter_pk>/", views.LetterView.as_view(), name="letter"),
    path("<int:pk>/letters/<int:letter_pk>/pdf/", views.LetterPdfView.as_view(), name="letter-pdf"),
    path("<int:pk>/lessons/", views.LessonsView.as_view(), name="lessons"),
    path("<int:pk>/evaluation-report/", views.EvaluationReportView.as_view(), name="evaluation-report"),
]
