from django.urls import path

from commissioning.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("signed-out/", views.SignedOutView.as_view(), name="signed-out"),
    path("password-reset/", views.ResetRequestView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.ResetSentView.as_view(), name="password-reset-sent"),
    path("password-reset/<uidb64>/<token>/", views.ResetConfirmView.as_view(), name="password-reset-confirm"),
    path("password-reset/complete/", views.ResetCompleteView.as_view(), name="password-reset-complete"),
    path("account/", views.AccountView.as_view(), name="account"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("account/api-token/", views.ApiTokenView.as_view(), name="api-token"),
]
