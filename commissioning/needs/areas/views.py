from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from commissioning.core.selectors import history_for
from commissioning.core.views import (
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    form_errors_from,
    record_tabs,
)
from commissioning.needs.areas import selectors, services
from commissioning.needs.areas.forms import AliasForm, ConfirmForm, HomeAreaForm, NeighbourSetForm
from commissioning.needs.models import Area, AreaAlias, AreaType


def _date(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


class AreaListView(PermissionMixin, ListPageMixin, TemplateView):
    permission = "needs.view_areas"
    template_name = "needs/areas/list.html"
    paginate_by = 50
    csv_filename = "areas"
    csv_columns = [
        ("Name", lambda a: a.name),
        ("ONS code", lambda a: a.code),
        ("DfE code", lambda a: a.old_la_code),
        ("Type", lambda a: a.get_area_type_display()),
        ("Kind of authority", lambda a: a.get_authority_kind_display()),
        ("Parent", lambda a: a.parent.name if a.parent else ""),
        ("Parent code", lambda a: a.parent.code if a.parent else ""),
        ("Start date", lambda a: a.start_date.isoformat() if a.start_date else ""),
        ("End date", lambda a: a.end_date.isoformat() if a.end_date else ""),
        ("Other names", lambda a: "; ".join(alias.name for alias in a.aliases.all())),
    ]

    def filters(self) -> dict:
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "area_type": params.get("type", ""),
            "region": params.get("region", ""),
            "status": params.get("status", ""),
            "ordering": params.get("sort", "name"),
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.area_list(**self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        filters = self.filters()
        context.update(
            filters=filters,
            filtered=any(filters[name] for name in ("search", "area_type", "region", "status")),
            area_types=AreaType.choices,
            regions=list(selectors.regions().values_list("code", "name")),
            statuses=selectors.STATUSES.items(),
            home_area=selectors.home_area(),
            can_manage_settings=self.request.user.has_perm("needs.manage_settings"),
        )
        return context


class AreaMixin(PermissionMixin):
    permission = "needs.view_areas"

    def get_area(self) -> Area:
        if not hasattr(self, "_area"):
            try:
                self._area = selectors.area_detail(self.kwargs["code"])
            except Area.DoesNotExist as exc:
                raise Http404("No such area") from exc
        return self._area

    def area_url(self) -> str:
        return reverse("needs:area-detail", args=[self.get_area().code])

    def get_back_url(self) -> str:
        return self.area_url()

    def tabs(self, current: str) -> list[dict]:
        code = self.get_area().code
        return record_tabs(
            details_url=reverse("needs:area-detail", args=[code]),
            history_url=reverse("needs:area-history", args=[code]),
            current=current,
        )


class AreaDetailView(AreaMixin, TemplateView):
    template_name = "needs/areas/detail.html"

    def get_context_data(self, **kwargs):
        area = self.get_area()
        home = selectors.home_area()
        return super().get_context_data(
            area=area,
            neighbour_set=selectors.neighbour_set_of(area),
            listed_by=selectors.listed_as_neighbour_by(area),
            has_neighbours=area.area_type == AreaType.LOCAL_AUTHORITY and area.is_current,
            is_home=home is not None and home.pk == area.pk,
            can_manage=self.request.user.has_perm("needs.manage_areas"),
            record_tabs=self.tabs("details"),
            start=_date(area.start_date),
            end=_date(area.end_date),
            **kwargs,
        )


class AreaHistoryView(AreaMixin, TemplateView):
    template_name = "needs/areas/history.html"

    def get_context_data(self, **kwargs):
        area = self.get_area()
        return super().get_context_data(
            area=area, history=history_for(area), record_tabs=self.tabs("history"), **kwargs
        )


class AliasAddView(AreaMixin, FormPageMixin, FormView):
    permission = ("needs.view_areas", "needs.manage_areas")
    form_class = AliasForm
    submit_label = "Add other name"
    lede = "Files that write the area this way will then match it."

    @property
    def page_title(self):
        return f"Add another name for {self.get_area().name}"

    def form_valid(self, form):
        alias = self.run_service(
            form,
            lambda: services.alias_add(
                actor=self.request.user,
                area=self.get_area(),
                name=form.cleaned_data["name"],
                source=form.cleaned_data["source"],
            ),
        )
        if alias is None:
            return self.form_invalid(form)
        messages.success(self.request, f"“{alias.name}” is now another name for {alias.area.name}.")
        return redirect(self.area_url())


class AliasRemoveView(AreaMixin, FormPageMixin, FormView):
    permission = ("needs.view_areas", "needs.manage_areas")
    form_class = ConfirmForm
    destructive = True
    submit_label = "Remove other name"
    lede = (
        "Files that use this name will no longer match the area. The removal is kept in the area's history, "
        "and you can add the name again."
    )

    def get_alias(self) -> AreaAlias:
        return get_object_or_404(AreaAlias, pk=self.kwargs["alias_pk"], area=self.get_area())

    @property
    def page_title(self):
        return f"Remove “{self.get_alias().name}” as another name for {self.get_area().name}?"

    def form_valid(self, form):
        alias = self.get_alias()
        area = self.run_service(form, lambda: services.alias_remove(actor=self.request.user, alias=alias))
        if area is None:
            return self.form_invalid(form)
        messages.success(self.request, f"“{alias.name}” is no longer another name for {area.name}.")
        return redirect(self.area_url())


class NeighbourSetEditView(AreaMixin, FormPageMixin, FormView):
    permission = ("needs.view_areas", "needs.manage_areas")
    form_class = NeighbourSetForm
    submit_label = "Save neighbours"
    lede = (
        "Choose up to ten children's services authorities most like this one, closest first. Places left "
        "empty are closed up."
    )

    @property
    def page_title(self):
        return f"Statistical neighbours of {self.get_area().name}"

    def get_neighbour_set(self):
        if not hasattr(self, "_neighbour_set"):
            self._neighbour_set = selectors.neighbour_set_of(self.get_area())
        return self._neighbour_set

    def authorities(self) -> dict[str, Area]:
        if not hasattr(self, "_authorities"):
            self._authorities = {
                area.code: area for area in selectors.current_authorities().exclude(pk=self.get_area().pk)
            }
        return self._authorities

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["authorities"] = [(code, area.name) for code, area in self.authorities().items()]
        return kwargs

    def get_initial(self):
        neighbour_set = self.get_neighbour_set()
        if neighbour_set is None:
            return {"version": None}
        initial = {"version": neighbour_set.version, "source": neighbour_set.source}
        for neighbour in neighbour_set.neighbours.all():
            initial[f"neighbour_{neighbour.rank}"] = neighbour.area.code
        return initial

    def get_form(self, form_class=None):
        area = self.get_area()
        if area.area_type != AreaType.LOCAL_AUTHORITY or not area.is_current:
            raise Http404("Only current authorities have statistical neighbours")
        return super().get_form(form_class)

    def form_valid(self, form):
        authorities = self.authorities()
        neighbours = [authorities.get(code) if code else None for code in form.neighbour_codes()]
        neighbour_set = self.run_service(
            form,
            lambda: services.neighbour_set_save(
                actor=self.request.user,
                area=self.get_area(),
                neighbours=neighbours,
                source=form.cleaned_data["source"],
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if neighbour_set is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The statistical neighbours of {self.get_area().name} are saved.")
        return redirect(self.area_url())


class NeighbourSetHistoryView(AreaMixin, TemplateView):
    template_name = "needs/areas/neighbours_history.html"

    def get_context_data(self, **kwargs):
        area = self.get_area()
        neighbour_set = selectors.neighbour_set_of(area)
        if neighbour_set is None:
            raise Http404("The area has no statistical neighbours")
        return super().get_context_data(
            area=area, neighbour_set=neighbour_set, history=history_for(neighbour_set), **kwargs
        )


class SettingsView(PermissionMixin, FormView):
    """The home area: administrators choose the partnership's own authority."""

    permission = ("needs.view_areas", "needs.manage_settings")
    template_name = "needs/areas/settings.html"
    form_class = HomeAreaForm

    def authorities(self) -> dict[str, Area]:
        if not hasattr(self, "_authorities"):
            self._authorities = {area.code: area for area in selectors.current_authorities()}
        return self._authorities

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["authorities"] = [(code, area.name) for code, area in self.authorities().items()]
        return kwargs

    def get_initial(self):
        home = selectors.home_area()
        return {"home_area": home.code if home else ""}

    def get_context_data(self, **kwargs):
        settings = selectors.needs_settings()
        return super().get_context_data(
            home_area=settings.home_area,
            history=history_for(settings) if settings.pk else [],
            **kwargs,
        )

    def form_valid(self, form):
        area = self.authorities().get(form.cleaned_data["home_area"])
        try:
            settings = services.home_area_set(actor=self.request.user, area=area)
        except ValidationError as exc:
            form_errors_from(exc, form)
            return self.form_invalid(form)
        messages.success(self.request, f"The home area is {settings.home_area.name}.")
        return redirect("needs:area-list")
