"""The simplified view for young people and parents and carers on a panel: plain words, big targets, one
thing per page. They see only the involvement of their own panels, consultations open to young people, and
the feedback ("you said, we did") given to their panels."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from commissioning.core.views import PermissionMixin, form_errors_from
from commissioning.engagement import forms, selectors, services
from commissioning.engagement.models import Consultation, Involvement

PANEL = "engagement.use_panel_view"


class PanelHomeView(PermissionMixin, TemplateView):
    permission = PANEL
    template_name = "engagement/panel/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            involvement_count=selectors.panel_involvement(self.request.user).count(),
            consultation_count=selectors.consultations_for_young_people(today=today).count(),
            feedback_count=selectors.panel_feedback(self.request.user).count(),
            panels=self.request.user.engagement_panels.filter(archived_at__isnull=True),
            **kwargs,
        )


class PanelInvolvementListView(PermissionMixin, TemplateView):
    permission = PANEL
    template_name = "engagement/panel/involvement_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(records=selectors.panel_involvement(self.request.user), **kwargs)


class PanelInvolvementDetailView(PermissionMixin, TemplateView):
    permission = PANEL
    template_name = "engagement/panel/involvement_detail.html"

    def get_context_data(self, **kwargs):
        try:
            involvement = selectors.involvement_detail(self.kwargs["pk"])
        except Involvement.DoesNotExist as exc:
            raise Http404 from exc
        if not self.request.user.has_perm("engagement.view_panel_involvement", involvement):
            raise PermissionDenied
        return super().get_context_data(involvement=involvement, **kwargs)


class PanelFeedbackListView(PermissionMixin, TemplateView):
    permission = PANEL
    template_name = "engagement/panel/feedback_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(records=selectors.panel_feedback(self.request.user), **kwargs)


class PanelConsultationListView(PermissionMixin, TemplateView):
    permission = PANEL
    template_name = "engagement/panel/consultation_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultations=selectors.consultations_for_young_people(today=timezone.localdate()), **kwargs
        )


class PanelConsultationView(PermissionMixin, View):
    """One consultation and its short answer form. Answers are anonymous unless the person ticks the box."""

    permission = PANEL
    template_name = "engagement/panel/consultation.html"

    def get_consultation(self) -> Consultation:
        try:
            consultation = selectors.consultations_for_young_people(today=timezone.localdate()).get(
                pk=self.kwargs["pk"]
            )
        except Consultation.DoesNotExist as exc:
            raise Http404("This question is not open now") from exc
        if not self.request.user.has_perm("engagement.respond_consultation", consultation):
            raise PermissionDenied
        return consultation

    def get(self, request, *args, **kwargs):
        return render(
            request,
            self.template_name,
            {"consultation": self.get_consultation(), "form": forms.ResponseForm()},
        )

    def post(self, request, *args, **kwargs):
        consultation = self.get_consultation()
        form = forms.ResponseForm(request.POST)
        if form.is_valid():
            try:
                services.consultation_respond(
                    actor=request.user,
                    consultation=consultation,
                    text=form.cleaned_data["text"],
                    give_name=form.cleaned_data["give_name"],
                    today=timezone.localdate(),
                )
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                return redirect("engagement:panel-thanks", pk=consultation.pk)
        return render(request, self.template_name, {"consultation": consultation, "form": form}, status=200)


class PanelThanksView(PermissionMixin, TemplateView):
    permission = PANEL
    template_name = "engagement/panel/thanks.html"
