"""The API's shapes for indicators, their values and the benchmark of an indicator."""

from rest_framework import serializers

from commissioning.api.fields import ChoiceLabelField
from commissioning.needs.models import Indicator, IndicatorValue, Polarity, Unit

SIGNIFICANCE = ["better", "similar", "worse", "higher", "lower", "not_compared"]


class IndicatorSerializer(serializers.ModelSerializer):
    unit_label = ChoiceLabelField(source="get_unit_display", read_only=True)
    polarity_label = ChoiceLabelField(source="get_polarity_display", read_only=True)
    frequency_label = ChoiceLabelField(source="get_frequency_display", read_only=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)
    benchmark_url = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "title",
            "definition",
            "unit",
            "unit_label",
            "polarity",
            "polarity_label",
            "source",
            "frequency",
            "frequency_label",
            "archived",
            "benchmark_url",
            "updated_at",
        ]

    def get_benchmark_url(self, indicator) -> str:
        request = self.context.get("request")
        path = f"/api/v1/indicators/{indicator.code}/benchmark/"
        return request.build_absolute_uri(path) if request else path


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    area = serializers.CharField(source="area.code", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    suppression_label = ChoiceLabelField(source="get_suppression_display", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "area",
            "area_name",
            "period",
            "period_sort",
            "breakdown",
            "category",
            "value",
            "numerator",
            "denominator",
            "lower_ci",
            "upper_ci",
            "suppression",
            "suppression_label",
            "updated_at",
        ]


class BenchmarkQuerySerializer(serializers.Serializer):
    area = serializers.CharField(
        required=False, help_text="The area's ONS code, e.g. E08000009. The home area when left out."
    )
    period = serializers.CharField(
        required=False, help_text="As published, e.g. 2023/24. The latest when left out."
    )
    breakdown = serializers.CharField(
        required=False, help_text="NAME:CATEGORY, e.g. Sex:Female. Everyone when left out."
    )


class AreaSummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    area_type = serializers.CharField()


class TrendSerializer(serializers.Serializer):
    points = serializers.IntegerField(
        help_text="Periods used: the most recent five with a value, at least three."
    )
    slope = serializers.FloatField(
        source="slope.slope", allow_null=True, default=None, help_text="Change a year."
    )
    slope_lower = serializers.FloatField(source="slope.lower", allow_null=True, default=None)
    slope_upper = serializers.FloatField(source="slope.upper", allow_null=True, default=None)
    p_value = serializers.FloatField(source="slope.p_value", allow_null=True, default=None)
    method = serializers.CharField(source="slope.method", allow_null=True, default=None)
    direction = serializers.ChoiceField(choices=["increasing", "decreasing", "no_change", "not_assessed"])
    change = serializers.ChoiceField(choices=["improving", "worsening", "no_change"], allow_null=True)
    significant = serializers.BooleanField()
    label = serializers.CharField()
    reason = serializers.CharField()


class NeighbourRowSerializer(serializers.Serializer):
    area_code = serializers.CharField(source="figure.area.code")
    area_name = serializers.CharField(source="figure.area.name")
    closeness = serializers.IntegerField(
        allow_null=True, help_text="1 for the closest neighbour; null for the area benchmarked."
    )
    is_selected = serializers.BooleanField(help_text="True for the area benchmarked.")
    value = serializers.FloatField(source="figure.value", allow_null=True)
    lower_ci = serializers.FloatField(source="figure.lower", allow_null=True)
    upper_ci = serializers.FloatField(source="figure.upper", allow_null=True)
    ci_source = serializers.ChoiceField(
        source="figure.interval_source",
        choices=["published", "computed", ""],
        help_text="Empty when there is no interval.",
    )
    rank = serializers.IntegerField(source="figure.rank", allow_null=True, help_text="1 = best by polarity.")
    significance_vs_england = serializers.ChoiceField(source="figure.significance", choices=SIGNIFICANCE)
    suppression = serializers.CharField(source="figure.suppression")
    note = serializers.CharField(source="figure.note", help_text="Why a value or interval is missing.")


class SeriesRowSerializer(serializers.Serializer):
    period = serializers.CharField()
    value = serializers.FloatField(source="area.value", allow_null=True)
    lower_ci = serializers.FloatField(source="area.lower", allow_null=True)
    upper_ci = serializers.FloatField(source="area.upper", allow_null=True)
    significance_vs_england = serializers.ChoiceField(source="area.significance", choices=SIGNIFICANCE)
    england_value = serializers.FloatField(source="england.value", allow_null=True, default=None)
    region_value = serializers.FloatField(source="region.value", allow_null=True, default=None)
    neighbour_average = serializers.FloatField(allow_null=True)
    neighbour_count = serializers.IntegerField()


class BenchmarkSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    unit = serializers.ChoiceField(source="indicator.unit", choices=Unit.choices)
    polarity = serializers.ChoiceField(source="indicator.polarity", choices=Polarity.choices)
    area = AreaSummarySerializer()
    period = serializers.CharField()
    breakdown = serializers.SerializerMethodField()
    value = serializers.FloatField(source="figure.value", allow_null=True)
    lower_ci = serializers.FloatField(source="figure.lower", allow_null=True)
    upper_ci = serializers.FloatField(source="figure.upper", allow_null=True)
    ci_source = serializers.CharField(source="figure.interval_source")
    ci_method = serializers.CharField(source="figure.interval_method")
    note = serializers.CharField(source="figure.note")
    england_value = serializers.FloatField(source="england.value", allow_null=True, default=None)
    england_lower_ci = serializers.FloatField(source="england.lower", allow_null=True, default=None)
    england_upper_ci = serializers.FloatField(source="england.upper", allow_null=True, default=None)
    region = AreaSummarySerializer(source="region.area", allow_null=True, default=None)
    region_value = serializers.FloatField(source="region.value", allow_null=True, default=None)
    neighbour_average = serializers.FloatField(source="neighbour_average.value", allow_null=True)
    neighbour_count = serializers.IntegerField(help_text="Neighbours with a value in the average.")
    neighbour_set_size = serializers.IntegerField(source="neighbour_average.set_size")
    neighbour_average_note = serializers.CharField(source="neighbour_average.note")
    neighbour_rank = serializers.IntegerField(allow_null=True, help_text="1 = best by polarity.")
    ranked_count = serializers.IntegerField(help_text="The area and its neighbours with a value.")
    quartile = serializers.IntegerField(allow_null=True, help_text="1 = best quarter of local authorities.")
    quartile_of = serializers.IntegerField(help_text="Local authorities with a value.")
    quartile_note = serializers.CharField()
    significance_vs_england = serializers.ChoiceField(source="significance", choices=SIGNIFICANCE)
    significance_text = serializers.CharField()
    neighbours = NeighbourRowSerializer(source="table", many=True)
    series = SeriesRowSerializer(many=True)
    trend = TrendSerializer()
    england_trend = TrendSerializer(allow_null=True)
    neighbour_average_trend = TrendSerializer(source="neighbour_trend")
    periods = serializers.ListField(child=serializers.CharField())

    def get_breakdown(self, result) -> str:
        return f"{result.breakdown}:{result.category}" if result.breakdown else ""


class FigureSerializer(serializers.Serializer):
    period = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    lower_ci = serializers.FloatField(source="lower", allow_null=True)
    upper_ci = serializers.FloatField(source="upper", allow_null=True)
    suppression = serializers.CharField()
    note = serializers.CharField(help_text="Why a value or interval is missing.")


class CategorySerializer(serializers.Serializer):
    category = serializers.CharField(help_text="Empty for everyone.")
    label = serializers.CharField()
    values = FigureSerializer(source="figures", many=True)
    trend = TrendSerializer()


class BreakdownTableSerializer(serializers.Serializer):
    name = serializers.CharField()
    periods = serializers.ListField(child=serializers.CharField())
    categories = CategorySerializer(source="columns", many=True)


class GapRowSerializer(serializers.Serializer):
    period = serializers.CharField()
    group_value = serializers.FloatField(source="group.value", allow_null=True)
    comparator_value = serializers.FloatField(source="comparator.value", allow_null=True)
    comparator_note = serializers.CharField(source="comparator.note")
    gap = serializers.FloatField(allow_null=True, help_text="The group's value minus the comparator's.")
    gap_lower_ci = serializers.FloatField(source="lower", allow_null=True)
    gap_upper_ci = serializers.FloatField(source="upper", allow_null=True)


class GapSerializer(serializers.Serializer):
    group = serializers.CharField(source="group_label")
    comparator = serializers.CharField(source="comparator_label")
    status = serializers.ChoiceField(
        source="result.status", choices=["narrowing", "widening", "no_change", "not_assessed"]
    )
    status_text = serializers.CharField(source="status_words")
    slope = serializers.FloatField(source="result.slope.slope", allow_null=True, default=None)
    slope_lower = serializers.FloatField(source="result.slope.lower", allow_null=True, default=None)
    slope_upper = serializers.FloatField(source="result.slope.upper", allow_null=True, default=None)
    p_value = serializers.FloatField(source="result.slope.p_value", allow_null=True, default=None)
    method = serializers.CharField(source="result.slope.method", allow_null=True, default=None)
    rows = GapRowSerializer(many=True)


class GroupsSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    area = AreaSummarySerializer()
    breakdowns = BreakdownTableSerializer(source="tables", many=True)
    gap = GapSerializer(allow_null=True)
