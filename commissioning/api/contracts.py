"""The contracts register in the API: agreements with their payments, and the payments compliance figures for a
six-month reporting period. A provider sees only its own organisation's agreements."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from commissioning.api.fields import ChoiceLabelField
from commissioning.api.remembered import RememberedListMixin
from commissioning.api.views import HasPermission
from commissioning.contracts import selectors
from commissioning.contracts.models import Agreement, AgreementStatus, AgreementType, Payment
from commissioning.core.params import LARGEST, whole_number
from commissioning.organisations.models import Organisation


class AgreementPartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


class AgreementSerializer(serializers.ModelSerializer):
    provider = AgreementPartySerializer(read_only=True)
    commissioner = AgreementPartySerializer(read_only=True)
    agreement_type_label = ChoiceLabelField(source="get_agreement_type_display", read_only=True)
    status_label = ChoiceLabelField(source="get_status_display", read_only=True)
    notice_deadline = serializers.DateField(read_only=True)
    expiring = serializers.SerializerMethodField()
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "agreement_type",
            "agreement_type_label",
            "status",
            "status_label",
            "provider",
            "commissioner",
            "procurement",
            "service",
            "annual_value",
            "whole_life_value",
            "starts_on",
            "ends_on",
            "extension_options",
            "latest_end_on",
            "notice_months",
            "notice_deadline",
            "expiring",
            "signed_on",
            "simplified_terms",
            "payment_basis",
            "terminated_on",
            "ended_reason",
            "archived",
            "version",
            "updated_at",
        ]

    def get_expiring(self, agreement) -> bool:
        return agreement.is_expiring(timezone.localdate())


class PaymentSerializer(serializers.ModelSerializer):
    pay_by = serializers.DateField(read_only=True)
    late = serializers.SerializerMethodField()
    days_to_pay = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "due_on",
            "amount",
            "invoice_reference",
            "invoice_received_on",
            "disputed",
            "paid_on",
            "pay_by",
            "late",
            "days_to_pay",
            "from_schedule",
        ]

    def get_late(self, payment) -> bool:
        return payment.is_late(timezone.localdate())


class ComplianceSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="The year and month the period ends, like 2026-09.")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    invoices = serializers.IntegerField(help_text="Undisputed invoices paid in the period.")
    amount_paid = serializers.DecimalField(max_digits=16, decimal_places=2)
    average_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    within_30 = serializers.IntegerField()
    days_31_to_60 = serializers.IntegerField()
    over_60 = serializers.IntegerField()
    within_30_percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    days_31_to_60_percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    over_60_percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


# The furthest ahead `expiring_within` looks (100 years), so that the date it gives exists.
MONTHS_AHEAD = 1200


def _int_param(params, name, *, largest: int = LARGEST):
    value = params.get(name, "")
    number = whole_number(value, largest=largest)
    if value and number is None:
        raise exceptions.ValidationError({name: [f"Give a whole number from 0 to {largest}."]})
    return number


@extend_schema(tags=["Contracts"])
class AgreementViewSet(RememberedListMixin, viewsets.ReadOnlyModelViewSet):
    """The contracts register. A provider user sees only its own organisation's agreements."""

    list_by_day = True  # whether each agreement is coming to an end

    serializer_class = AgreementSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "contracts.view_agreements"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "search", str, description="Part of the title, reference, description or provider."
            ),
            OpenApiParameter("type", str, enum=AgreementType.values),
            OpenApiParameter("status", str, enum=AgreementStatus.values),
            OpenApiParameter("provider", int, description="The provider organisation's id."),
            OpenApiParameter("monitoring_officer", int, description="The monitoring officer's user id."),
            OpenApiParameter(
                "expiring_within",
                int,
                description=f"Ending within this many months from today (0 to {MONTHS_AHEAD}).",
            ),
            OpenApiParameter("include_archived", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Agreement.objects.none()
        params = self.request.query_params
        kind, status = params.get("type", ""), params.get("status", "")
        if kind and kind not in AgreementType.values:
            raise exceptions.ValidationError({"type": [f"Use one of: {', '.join(AgreementType.values)}."]})
        if status and status not in AgreementStatus.values:
            raise exceptions.ValidationError(
                {"status": [f"Use one of: {', '.join(AgreementStatus.values)}."]}
            )
        return selectors.agreement_list(
            user=self.request.user,
            today=timezone.localdate(),
            search=params.get("search", "").strip(),
            agreement_type=kind,
            status=status,
            provider_id=_int_param(params, "provider"),
            monitoring_officer_id=_int_param(params, "monitoring_officer"),
            expiring_within=_int_param(params, "expiring_within", largest=MONTHS_AHEAD),
            include_archived=self.action != "list" or params.get("include_archived") in ("true", "1", "yes"),
        )

    @extend_schema(responses={200: PaymentSerializer(many=True)}, description="The agreement's payments.")
    @action(detail=True, methods=["get"], pagination_class=None)
    def payments(self, request, pk=None):
        agreement = self.get_object()
        payments = Payment.objects.active().filter(agreement=agreement).order_by("due_on", "pk")
        return Response(PaymentSerializer(payments, many=True).data)


@extend_schema(tags=["Contracts"])
class PaymentsComplianceView(APIView):
    """The payments compliance figures (Procurement Act 2023 s.69) for the six months ending in the given month:
    `period=2026-09` is 1 April to 30 September 2026; `period=2027-03` is 1 October 2026 to 31 March 2027."""

    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "contracts.view_compliance"

    @extend_schema(
        parameters=[OpenApiParameter("period", str, required=True, description="Like 2026-09 or 2027-03.")],
        responses={200: ComplianceSerializer},
    )
    def get(self, request):
        period = request.query_params.get("period", "")
        if not period:
            raise exceptions.ValidationError(
                {"period": ["Give the period as the year and month it ends, like 2026-09."]}
            )
        try:
            figures = selectors.payments_compliance(user=request.user, period=period)
        except selectors.PeriodError as exc:
            raise exceptions.ValidationError({"period": [str(exc)]}) from exc
        return Response(ComplianceSerializer(figures).data)
