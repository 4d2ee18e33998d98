from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from commissioning.core.selectors import history_for
from commissioning.core.views import ListPageMixin, form_errors_from, record_tabs, require
from commissioning.frameworks import selectors, services
from commissioning.frameworks.forms import LocalVariationForm
from commissioning.frameworks.models import FRAMEWORK_KIND_CHOICES, Framework, FrameworkItem


class LibraryPermissionMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(request.user, "frameworks.view_library")
        return super().dispatch(request, *args, **kwargs)


class LibraryView(LibraryPermissionMixin, TemplateView):
    template_name = "frameworks/library.html"

    def get_context_data(self, **kwargs):
        kind = self.request.GET.get("kind", "")
        council = self.request.GET.get("council", "")
        return super().get_context_data(
            frameworks=selectors.framework_list(kind=kind, council=council),
            kinds=FRAMEWORK_KIND_CHOICES,
            councils=selectors.framework_councils(),
            selected_kind=kind,
            selected_council=council,
            **kwargs,
        )


def _framework_tabs(framework: Framework, current: str) -> list[dict]:
    return record_tabs(
        details_url=framework.get_absolute_url(),
        history_url=reverse("frameworks:history", kwargs={"slug": framework.slug}),
        current=current,
        details_label="Contents",
    )


class FrameworkDetailView(LibraryPermissionMixin, ListPageMixin, TemplateView):
    template_name = "frameworks/framework_detail.html"

    def get(self, request, *args, **kwargs):
        self.framework = get_object_or_404(Framework, slug=kwargs["slug"])
        self.items = selectors.framework_items(self.framework)
        if self.wants_csv():
            self.csv_filename = self.framework.slug
            self.csv_columns = [
                ("Number or code", lambda i: i.ref),
                ("Kind", lambda i: i.kind_label),
                ("Title", lambda i: i.title),
                ("Text", lambda i: i.text),
                ("Fields", _fields_text),
                ("Missing from source", lambda i: "Yes" if i.missing_from_source else ""),
                ("Source", lambda i: i.citation),
            ]
            return self.csv_response(self.items)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        tree = selectors.item_tree(self.items)
        return super().get_context_data(
            framework=self.framework,
            tree=tree,
            cycle=selectors.cycle_overview(tree) if self.framework.kind == "cycle" else [],
            matrix=selectors.matrix_table(self.items) if self.framework.kind == "matrix" else None,
            item_count=len(self.items),
            record_tabs=_framework_tabs(self.framework, "details"),
            **kwargs,
        )


def _fields_text(item: FrameworkItem) -> str:
    lines = []
    for entry in item.fields:
        value = entry["value"]
        lines.append(f"{entry['label']}: " + ("; ".join(value) if isinstance(value, list) else value))
    return "\n".join(lines)


class FrameworkHistoryView(LibraryPermissionMixin, TemplateView):
    template_name = "frameworks/framework_history.html"

    def get_context_data(self, **kwargs):
        framework = get_object_or_404(Framework, slug=self.kwargs["slug"])
        return super().get_context_data(
            framework=framework,
            history=history_for(framework),
            record_tabs=_framework_tabs(framework, "history"),
            **kwargs,
        )


def _item_tabs(item: FrameworkItem, current: str) -> list[dict]:
    return record_tabs(
        details_url=item.get_absolute_url(),
        history_url=reverse("frameworks:item-history", kwargs={"slug": item.framework.slug, "ref": item.ref}),
        current=current,
    )


class ItemDetailView(LibraryPermissionMixin, TemplateView):
    template_name = "frameworks/item_detail.html"
    tab = "details"

    def get_context_data(self, **kwargs):
        framework = get_object_or_404(Framework, slug=self.kwargs["slug"])
        try:
            item = selectors.item_detail(framework, self.kwargs["ref"])
        except FrameworkItem.DoesNotExist as exc:
            raise Http404("No such item in this framework") from exc
        context = {
            "framework": framework,
            "item": item,
            "can_edit": self.request.user.has_perm("frameworks.edit_library"),
            "ancestors": selectors.item_ancestors(item),
            "record_tabs": _item_tabs(item, self.tab),
        }
        if self.tab == "history":
            context["history"] = history_for(item)
        return super().get_context_data(**context, **kwargs)


class ItemHistoryView(ItemDetailView):
    template_name = "frameworks/item_history.html"
    tab = "history"


class SearchView(LibraryPermissionMixin, ListPageMixin, TemplateView):
    template_name = "frameworks/search.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        params = request.GET
        self.query = params.get("q", "").strip()
        self.results = None
        if self.query:
            self.results = selectors.item_search(
                query=self.query,
                framework_slug=params.get("framework", ""),
                kind=params.get("kind", ""),
                council=params.get("council", ""),
            )
            if self.wants_csv():
                self.csv_filename = f"framework-library-search-{self.query}"
                self.csv_columns = [
                    ("Framework", lambda i: i.framework.title),
                    ("Number or code", lambda i: i.ref),
                    ("Kind", lambda i: i.kind_label),
                    ("Title", lambda i: i.title),
                    ("Text", lambda i: i.text),
                    ("Source", lambda i: i.citation),
                ]
                return self.csv_response(self.results)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = {
            "query": self.query,
            "frameworks": selectors.framework_list(),
            "kinds": selectors.item_kinds(),
            "councils": selectors.framework_councils(),
            "selected": self.request.GET,
        }
        if self.results is not None:
            context.update(self.paginate(self.results))
        return super().get_context_data(**context, **kwargs)


class LocalVariationView(LibraryPermissionMixin, FormView):
    template_name = "includes/form_page.html"
    form_class = LocalVariationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(request.user, "frameworks.edit_library")
        return super().dispatch(request, *args, **kwargs)

    def get_item(self) -> FrameworkItem:
        if not hasattr(self, "_item"):
            self._item = get_object_or_404(
                FrameworkItem.objects.select_related("framework"),
                framework__slug=self.kwargs["slug"],
                ref=self.kwargs["ref"],
            )
        return self._item

    def get_initial(self):
        item = self.get_item()
        return {
            "local_text": item.local_text or item.text,
            "local_note": item.local_note,
            "version": item.version,
        }

    def get_context_data(self, **kwargs):
        item = self.get_item()
        return super().get_context_data(
            page_title=f"Local variation: {item.page_heading}",
            lede="Record how the partnership applies this item where it differs from the source document, "
            "for example where today's law or the partnership's own policy has moved on.",
            submit_label="Save local variation",
            back_url=item.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        item = self.get_item()
        text = form.cleaned_data["local_text"]
        if text.strip() == item.text.strip():
            text = ""  # unchanged from the source: nothing local to record
        try:
            services.item_vary_locally(
                actor=self.request.user,
                item=item,
                local_text=text,
                local_note=form.cleaned_data["local_note"],
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
            return self.form_invalid(form)
        messages.success(
            self.request, "The local variation has been saved." if text else "No local variation is recorded."
        )
        return redirect(item.get_absolute_url())
