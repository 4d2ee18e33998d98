from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.views.generic import FormView, TemplateView
from rest_framework.authtoken.models import Token

from commissioning.accounts import forms
from commissioning.accounts.services import api_token_issue
from commissioning.organisations.selectors import person_memberships


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = forms.SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


class SignedOutView(TemplateView):
    template_name = "accounts/signed_out.html"


class ResetRequestView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = forms.ResetRequestForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.NewPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class AccountView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/account.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            memberships=person_memberships(self.request.user).filter(archived_at__isnull=True),
            has_token=Token.objects.filter(user=self.request.user).exists(),
            **kwargs,
        )


class PasswordChangeView(LoginRequiredMixin, auth_views.PasswordChangeView):
    template_name = "includes/form_page.html"
    form_class = forms.ChangePasswordForm
    success_url = reverse_lazy("accounts:account")
    extra_context = {"page_title": "Change your password", "submit_label": "Change password"}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed.")
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=reverse_lazy("accounts:account"), **kwargs)


class ApiTokenView(LoginRequiredMixin, FormView):
    template_name = "accounts/api_token.html"
    form_class = forms.ApiTokenForm

    def form_valid(self, form):
        token = api_token_issue(user=self.request.user, actor=self.request.user)
        return self.render_to_response(self.get_context_data(form=form, token=token.key))
