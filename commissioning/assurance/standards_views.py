"""Improving the standards: the voluntary sector forum's comments on each standard, and each standards
framework's review date (Islington 7.7 and 7.8: the sector comments on the standards and helps to update them
every 2 years)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from commissioning.assurance import selectors, services
from commissioning.assurance.forms import CommentForm, ReviewForm
from commissioning.assurance.models import StandardComment
from commissioning.core.views import ArchiveViewMixin, FormPageMixin, PermissionMixin, RestoreViewMixin
from commissioning.frameworks.models import Framework, FrameworkItem

VIEW = "assurance.view_assurance"
MANAGE = (VIEW, "assurance.manage_standards")


class StandardsView(PermissionMixin, TemplateView):
    permission = VIEW
    template_name = "assurance/standards.html"

    def get_context_data(self, **kwargs):
        frameworks = selectors.standards_frameworks()
        for framework in frameworks:
            framework.standards = selectors.framework_standards(framework)
        return super().get_context_data(
            frameworks=frameworks,
            today=timezone.localdate(),
            can_manage=self.request.user.has_perm("assurance.manage_standards"),
            **kwargs,
        )


class StandardMixin(PermissionMixin):
    permission = VIEW

    def get_standard(self) -> FrameworkItem:
        if not hasattr(self, "_standard"):
            try:
                self._standard = selectors.standard_detail(self.kwargs["pk"])
            except FrameworkItem.DoesNotExist as exc:
                raise Http404("No such standard") from exc
        return self._standard

    def get_back_url(self):
        return reverse("assurance:standard", args=[self.get_standard().pk])


class StandardView(StandardMixin, TemplateView):
    template_name = "assurance/standard.html"

    def get_context_data(self, **kwargs):
        standard = self.get_standard()
        return super().get_context_data(
            standard=standard,
            criteria=list(standard.children.order_by("sort_key")),
            comments=selectors.comments_on(standard),
            archived_comments=selectors.comments_on(standard, archived=True),
            can_manage=self.request.user.has_perm("assurance.manage_standards"),
            **kwargs,
        )


class CommentAddView(StandardMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = CommentForm
    submit_label = "Record comment"

    @property
    def page_title(self):
        standard = self.get_standard()
        return f"Record a comment on standard {standard.display_ref}"

    @property
    def lede(self):
        standard = self.get_standard()
        return f"{standard.framework.title}, standard {standard.display_ref}: {standard.heading}"

    def form_valid(self, form):
        comment = self.run_service(
            form,
            lambda: services.comment_add(
                actor=self.request.user, item=self.get_standard(), data=form.cleaned_data
            ),
        )
        if comment is None:
            return self.form_invalid(form)
        messages.success(self.request, "The comment has been recorded.")
        return redirect(self.get_back_url())


class CommentMixin(PermissionMixin):
    permission = MANAGE
    noun = "comment"

    def get_record(self) -> StandardComment:
        if not hasattr(self, "_comment"):
            try:
                self._comment = StandardComment.objects.select_related("item", "organisation").get(
                    pk=self.kwargs["pk"]
                )
            except StandardComment.DoesNotExist as exc:
                raise Http404("No such comment") from exc
        return self._comment


class CommentArchiveView(CommentMixin, ArchiveViewMixin, FormView):
    def archive_record(self, comment, reason):
        return services.comment_archive(actor=self.request.user, comment=comment, reason=reason)


class CommentRestoreView(CommentMixin, RestoreViewMixin, FormView):
    def restore_record(self, comment):
        return services.comment_restore(actor=self.request.user, comment=comment)


class ReviewEditView(PermissionMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = ReviewForm
    submit_label = "Save review dates"

    def get_framework(self) -> Framework:
        if not hasattr(self, "_framework"):
            try:
                self._framework = Framework.objects.get(slug=self.kwargs["slug"], kind="standards")
            except Framework.DoesNotExist as exc:
                raise Http404("No such standards framework") from exc
        return self._framework

    @property
    def page_title(self):
        return f"Review dates for {self.get_framework().title}"

    def get_back_url(self):
        return reverse("assurance:standards")

    def get_initial(self):
        review = selectors.review_of(self.get_framework())
        if review is None:
            return {}
        return {
            "version": review.version,
            "last_reviewed_on": review.last_reviewed_on,
            "next_review_on": review.next_review_on,
            "notes": review.notes,
        }

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        review = self.run_service(
            form,
            lambda: services.review_save(
                actor=self.request.user, framework=self.get_framework(), data=data, expected_version=version
            ),
        )
        if review is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The review dates for {self.get_framework().title} have been saved.")
        return redirect(self.get_back_url())
