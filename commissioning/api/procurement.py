"""Route advice for a planned purchase or grant."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from commissioning.api.views import HasPermission
from commissioning.procurement import selectors
from commissioning.procurement.routes import AdviceError, Category


class RouteAdviceQuerySerializer(serializers.Serializer):
    estimated_value = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages={"required": "Give the estimated whole-life value in pounds, for example 250000."},
    )
    includes_vat = serializers.BooleanField(
        error_messages={"required": "Say whether the value includes VAT: true or false."}
    )
    category = serializers.ChoiceField(
        choices=Category.VALUES,
        error_messages={"invalid_choice": "Choose one of " + ", ".join(Category.VALUES) + "."},
    )
    duration_months = serializers.IntegerField(
        min_value=1,
        max_value=1200,
        error_messages={"required": "Give the duration in months, including extensions, for example 36."},
    )
    buyer_type = serializers.ChoiceField(choices=["sub_central", "central"], default="sub_central")


class TimescaleSerializer(serializers.Serializer):
    name = serializers.CharField()
    minimum = serializers.CharField()
    rule = serializers.CharField()


class RouteAdviceSerializer(serializers.Serializer):
    regime = serializers.CharField()
    regime_label = serializers.CharField()
    value_including_vat = serializers.DecimalField(max_digits=16, decimal_places=2)
    annual_value_including_vat = serializers.DecimalField(max_digits=16, decimal_places=2)
    threshold = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    procedures = serializers.ListField(child=serializers.CharField())
    notices = serializers.ListField(child=serializers.CharField())
    timescales = TimescaleSerializer(many=True)
    local_method = serializers.CharField()
    resulting_agreement = serializers.CharField()
    other_local_methods = serializers.SerializerMethodField()
    reasons = serializers.ListField(child=serializers.CharField())

    def get_other_local_methods(self, advice) -> list[str]:
        return [rule.method for rule in advice.alternatives]


@extend_schema(tags=["Procurement"])
class RouteAdviceView(APIView):
    """The regime, procedures, notices, minimum timescales and the council's own method for a planned purchase
    or grant, with the reasons, using the thresholds and local rules in force today."""

    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "procurement.view_route_advice"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "estimated_value", float, required=True, description="Whole-life value in pounds."
            ),
            OpenApiParameter(
                "includes_vat", bool, required=True, description="Whether the value includes VAT."
            ),
            OpenApiParameter("category", str, required=True, enum=Category.VALUES),
            OpenApiParameter("duration_months", int, required=True, description="Including extensions."),
            OpenApiParameter(
                "buyer_type", str, enum=["sub_central", "central"], description="Default sub_central."
            ),
        ],
        responses={200: RouteAdviceSerializer},
    )
    def get(self, request):
        query = RouteAdviceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        try:
            advice = selectors.route_advice_for(**params, on=timezone.localdate())
        except AdviceError as error:
            raise exceptions.ValidationError(
                {name: [message] for name, message in error.errors.items()}
            ) from error
        return Response(RouteAdviceSerializer(advice).data)
