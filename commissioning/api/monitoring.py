"""Contract monitoring in the API, read only: KPIs with their latest rating, provider returns (a provider's
token sees only its own organisation's), monitoring meetings and annual reviews."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets

from commissioning.api.remembered import RememberedListMixin
from commissioning.api.views import HasPermission
from commissioning.contracts.models import Kpi
from commissioning.monitoring.models import AnnualReview, KpiActual, Meeting, ProviderReturn
from commissioning.monitoring.rag import kpi_rag
from commissioning.monitoring.rules import provider_ids_of


class CanViewOrIsProvider(permissions.BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return user.has_perm("monitoring.view_monitoring") or user.has_perm("monitoring.use_returns_portal")


class KpiSerializer(serializers.ModelSerializer):
    agreement = serializers.CharField(source="agreement.reference", read_only=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)
    polarity = serializers.CharField(read_only=True, help_text="higher or lower: which way is better.")

    class Meta:
        model = Kpi
        fields = [
            "id",
            "agreement",
            "name",
            "kind",
            "unit",
            "target",
            "polarity",
            "tolerance",
            "source",
            "archived",
        ]


class ActualSerializer(serializers.ModelSerializer):
    kpi = serializers.CharField(source="kpi.name", read_only=True)
    kpi_id = serializers.IntegerField(read_only=True)
    target = serializers.DecimalField(source="kpi.target", max_digits=14, decimal_places=2, read_only=True)
    rag = serializers.SerializerMethodField()

    class Meta:
        model = KpiActual
        fields = ["kpi_id", "kpi", "value", "target", "rag"]

    def get_rag(self, actual) -> str:
        kpi = actual.kpi
        return kpi_rag(
            actual=actual.value, target=kpi.target, polarity=kpi.polarity, tolerance=kpi.tolerance
        ).value


class ReturnSerializer(serializers.ModelSerializer):
    agreement = serializers.CharField(source="period.agreement.reference", read_only=True)
    period_start = serializers.DateField(source="period.starts_on", read_only=True)
    period_end = serializers.DateField(source="period.ends_on", read_only=True)
    due_on = serializers.DateField(source="period.due_on", read_only=True)
    actuals = ActualSerializer(many=True, read_only=True)

    class Meta:
        model = ProviderReturn
        fields = [
            "id",
            "agreement",
            "period_start",
            "period_end",
            "due_on",
            "status",
            "submitted_at",
            "narrative",
            "service_users",
            "characteristics",
            "feedback_summary",
            "complaints",
            "safeguarding_incidents",
            "query_text",
            "reviewed_at",
            "actuals",
        ]


class MeetingSerializer(serializers.ModelSerializer):
    agreement = serializers.CharField(source="agreement.reference", read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "agreement", "held_on", "attendees", "minutes", "minutes_sent_on", "actions"]

    def get_actions(self, meeting) -> list[dict]:
        return [
            {"description": a.description, "owner": a.owner, "due_on": a.due_on, "status": a.status}
            for a in meeting.actions.all()
        ]


class ReviewSerializer(serializers.ModelSerializer):
    agreement = serializers.CharField(source="agreement.reference", read_only=True)

    class Meta:
        model = AnnualReview
        fields = ["id", "agreement", "reviewed_on", "findings", "recommendation"]


AGREEMENT_PARAM = OpenApiParameter("agreement", str, description="The agreement's reference.")


def _by_agreement(queryset, request, field: str):
    reference = request.query_params.get("agreement")
    return queryset.filter(**{f"{field}__reference__iexact": reference}) if reference else queryset


@extend_schema(tags=["Monitoring"], parameters=[AGREEMENT_PARAM])
class KpiViewSet(viewsets.ReadOnlyModelViewSet):
    """The KPIs agreements are monitored against, with targets, polarity and tolerance."""

    serializer_class = KpiSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "monitoring.view_monitoring"

    def get_queryset(self):
        qs = Kpi.objects.select_related("agreement").order_by("agreement__reference", "position", "pk")
        if self.request.query_params.get("include_archived") != "true":
            qs = qs.active()
        return _by_agreement(qs, self.request, "agreement")


@extend_schema(
    tags=["Monitoring"],
    parameters=[
        AGREEMENT_PARAM,
        OpenApiParameter("status", str, enum=["submitted", "queried", "accepted", "superseded"]),
    ],
)
class ReturnViewSet(RememberedListMixin, viewsets.ReadOnlyModelViewSet):
    """Provider returns with their KPI actuals and ratings. A provider user's token sees only its own
    organisation's returns; any other is not found."""

    serializer_class = ReturnSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewOrIsProvider]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProviderReturn.objects.none()
        # Only the columns the serializers show: an agreement has about 40 and a KPI about 20, each converted on
        # every row read.
        actuals = KpiActual.objects.select_related("kpi").only(
            "provider_return_id", "value", "kpi__name", "kpi__target", "kpi__polarity", "kpi__tolerance"
        )
        qs = (
            ProviderReturn.objects.select_related("period__agreement")
            .only(
                *(
                    f.name
                    for f in ProviderReturn._meta.concrete_fields
                    if f.name in ReturnSerializer.Meta.fields
                ),
                "period__starts_on",
                "period__ends_on",
                "period__due_on",
                "period__agreement__reference",
            )
            .prefetch_related(Prefetch("actuals", queryset=actuals))
            .order_by("period__agreement__reference", "period__starts_on", "submitted_at")
        )
        user = self.request.user
        if not user.has_perm("monitoring.view_monitoring"):
            qs = qs.filter(period__agreement__provider_id__in=provider_ids_of(user))
        status = self.request.query_params.get("status")
        if status:
            qs = qs.filter(status=status)
        return _by_agreement(qs, self.request, "period__agreement")


@extend_schema(tags=["Monitoring"], parameters=[AGREEMENT_PARAM])
class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Formal monitoring meetings with attendees, minutes and actions."""

    serializer_class = MeetingSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "monitoring.view_monitoring"

    def get_queryset(self):
        qs = (
            Meeting.objects.active()
            .select_related("agreement")
            .prefetch_related("actions")
            .order_by("-held_on", "-pk")
        )
        return _by_agreement(qs, self.request, "agreement")


@extend_schema(tags=["Monitoring"], parameters=[AGREEMENT_PARAM])
class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """Annual formal reviews of agreements with their recommendation (continue, redesign, decommission)."""

    serializer_class = ReviewSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "monitoring.view_monitoring"

    def get_queryset(self):
        qs = AnnualReview.objects.active().select_related("agreement").order_by("-reviewed_on", "-pk")
        return _by_agreement(qs, self.request, "agreement")
