from django.urls import path

from commissioning.procurement.bidding import views

urlpatterns = [
    path("", views.PortalHomeView.as_view(), name="portal-home"),
    path("register/", views.RegisterView.as_view(), name="portal-register"),
    path("opportunities/<int:pk>/", views.OpportunityView.as_view(), name="portal-opportunity"),
    path("opportunities/<int:pk>/bid/", views.BidSubmitView.as_view(), name="portal-bid"),
    path("receipts/<int:pk>/", views.ReceiptView.as_view(), name="portal-receipt"),
    path("receipts/<int:pk>/withdraw/", views.WithdrawView.as_view(), name="portal-withdraw"),
    path("<int:pk>/clarifications/", views.ClarificationListView.as_view(), name="portal-clarifications"),
    path(
        "<int:pk>/clarifications/<int:clarification_pk>/answer/",
        views.ClarificationAnswerView.as_view(),
        name="portal-clarification-answer",
    ),
    path("<int:pk>/bids/", views.BidsView.as_view(), name="portal-bids"),
    path("<int:pk>/bids/open/", views.BidsOpenView.as_view(), name="portal-bids-open"),
    path("bids/<int:pk>/", views.BidDetailView.as_view(), name="portal-bid-detail"),
    path(
        "bids/<int:pk>/documents/<int:document_pk>/",
        views.BidDocumentView.as_view(),
        name="portal-bid-document",
    ),
    path("letters/", views.PortalLettersView.as_view(), name="portal-letters"),
    path("letters/<int:pk>/", views.PortalLetterView.as_view(), name="portal-letter"),
    path("letters/<int:pk>/pdf/", views.PortalLetterPdfView.as_view(), name="portal-letter-pdf"),
]
