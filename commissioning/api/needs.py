"""The needs assessment in the API: the indicators catalogue, indicator values and benchmarks."""

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.api.remembered import RememberedListMixin
from commissioning.api.views import HasPermission
from commissioning.needs.benchmark import groups as group_selectors
from commissioning.needs.benchmark import selectors
from commissioning.needs.benchmark.figures import BenchmarkError, parse_breakdown
from commissioning.needs.benchmark.serializers import (
    BenchmarkQuerySerializer,
    BenchmarkSerializer,
    GroupsSerializer,
    IndicatorSerializer,
    IndicatorValueSerializer,
)
from commissioning.needs.models import Indicator, IndicatorValue

BREAKDOWN_PARAMETER = OpenApiParameter(
    "breakdown", str, description="NAME:CATEGORY, e.g. Sex:Female. Left out: the figures for everyone."
)


def api_error(error: BenchmarkError) -> exceptions.APIException:
    """404 for what does not exist, 400 (with the parameter named) for what is malformed."""
    if error.not_found:
        return exceptions.NotFound(error.message)
    return exceptions.ValidationError({error.field: [error.message]})


def _area(code: str | None, home):
    if code and code.strip():
        return selectors.area_by_code(code)
    if home is None:
        raise BenchmarkError(
            "Give the area's ONS code (area=E08000009): no home area is set.", field="area", not_found=False
        )
    return home


@extend_schema(tags=["Needs assessment"])
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicators catalogue. `search` keeps indicators whose code, title or definition contains it."""

    serializer_class = IndicatorSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "needs.view_indicators"
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Part of the code, title or definition."),
            OpenApiParameter("include_archived", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_object(self):
        indicator = Indicator.objects.filter(code=self.kwargs["code"]).first()
        if indicator is None:
            raise exceptions.NotFound(f"There is no indicator with the code {self.kwargs['code']}.")
        self.check_object_permissions(self.request, indicator)
        return indicator

    def get_queryset(self):
        queryset = Indicator.objects.order_by("title", "code")
        if self.action != "list":
            return queryset
        params = self.request.query_params
        if params.get("include_archived") not in ("true", "1", "yes"):
            queryset = queryset.active()
        search = params.get("search", "").strip()
        if search:
            queryset = queryset.filter(
                Q(code__icontains=search) | Q(title__icontains=search) | Q(definition__icontains=search)
            )
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("area", str, description="The area's ONS code. Left out: the home area."),
            OpenApiParameter("period", str, description="As published, e.g. 2023/24. Left out: the latest."),
            BREAKDOWN_PARAMETER,
        ],
        responses={200: BenchmarkSerializer},
        description="The indicator for an area and period: its value with the 95% confidence interval (as "
        "published, else Wilson score for percentages and Byar's or exact Poisson for rates and counts when "
        "the numerator and denominator are known), England's and the region's values, the statistical "
        "neighbours' average, rank and table, the quartile among local authorities, significance compared "
        "with England, and the time series with its trend. 404 when the indicator, area or period has no "
        "values; 400 when a parameter is malformed.",
    )
    @action(detail=True, methods=["get"])
    def benchmark(self, request, code=None):
        indicator = self.get_object()
        query = BenchmarkQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        try:
            breakdown, category = parse_breakdown(params.get("breakdown"))
            home = selectors.home_area()
            area = _area(params.get("area"), home)
            result = selectors.benchmark(
                indicator=indicator,
                area=area,
                period=params.get("period"),
                breakdown=breakdown,
                category=category,
                home=home,
            )
        except BenchmarkError as error:
            raise api_error(error) from error
        return Response(BenchmarkSerializer(result, context={"request": request}).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("area", str, description="The area's ONS code. Left out: the home area."),
            OpenApiParameter("group", str, description="NAME:CATEGORY of the group whose gap to work out."),
            OpenApiParameter(
                "comparator",
                str,
                description="england (the same group in England, the default), all (everyone in the area), "
                "rest (everyone else in the area, from the counts) or another group as NAME:CATEGORY.",
            ),
        ],
        responses={200: GroupsSerializer},
        description="The area's figures by group (breakdown category) over every period with each group's "
        "trend, and, with `group`, the gap between the group and the comparator in each period (with its "
        "95% confidence interval by the MOVER method) and whether it is narrowing.",
    )
    @action(detail=True, methods=["get"], url_path="groups")
    def groups(self, request, code=None):
        indicator = self.get_object()
        params = request.query_params
        try:
            area = _area(params.get("area"), selectors.home_area())
            result = group_selectors.groups(
                indicator=indicator,
                area=area,
                group=params.get("group", "").strip(),
                comparator=params.get("comparator", "").strip() or group_selectors.ENGLAND,
            )
        except BenchmarkError as error:
            raise api_error(error) from error
        return Response(GroupsSerializer(result).data)


@extend_schema(tags=["Needs assessment"])
class IndicatorValueViewSet(RememberedListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Indicator values as published, filtered by indicator, area, period and breakdown."""

    serializer_class = IndicatorValueSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "needs.view_indicators"

    @extend_schema(
        parameters=[
            OpenApiParameter("indicator", str, description="The indicator's code."),
            OpenApiParameter("area", str, description="The area's ONS code, e.g. E08000009."),
            OpenApiParameter("period", str, description="As published, e.g. 2023/24."),
            OpenApiParameter(
                "breakdown",
                str,
                description="NAME:CATEGORY, e.g. Sex:Female; `all` for the figures for everyone only. "
                "Left out: every breakdown.",
            ),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        queryset = IndicatorValue.objects.select_related("indicator", "area").order_by(
            "indicator__code", "area__code", "period_sort", "period", "breakdown", "category", "pk"
        )
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        try:
            return self._filter(queryset, self.request.query_params)
        except BenchmarkError as error:
            raise exceptions.ValidationError({error.field: [error.message]}) from error

    def _filter(self, queryset, params):
        indicator = None
        if params.get("indicator"):
            indicator = selectors.indicator_by_code(params["indicator"].strip())
            queryset = queryset.filter(indicator=indicator)
        if params.get("area"):
            queryset = queryset.filter(area=selectors.area_by_code(params["area"]))
        breakdown = params.get("breakdown", "").strip()
        if breakdown == "all":
            queryset = queryset.filter(breakdown="", category="")
        elif breakdown:
            name, category = parse_breakdown(breakdown)
            queryset = queryset.filter(breakdown=name, category=category)
        period = params.get("period", "").strip()
        if period:
            if indicator is not None:
                periods = [label for _, label in selectors.periods_of_any_breakdown(indicator)]
                if period not in periods:
                    raise BenchmarkError(
                        f"{indicator.title} has no values for {period}. "
                        f"Periods with values: {', '.join(periods) or 'none'}.",
                        field="period",
                    )
            queryset = queryset.filter(period=period)
        return queryset
