"""Procurements and grant rounds in the API: the plan (route, steps, timetable, notices), the questions with
their weights and the scale. Bids, evaluations and awards have their own endpoints, under the sealing rule."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.api.fields import ChoiceLabelField
from commissioning.api.remembered import RememberedListMixin
from commissioning.api.views import HasPermission
from commissioning.procurement.models import Milestone, Notice, Procurement, ProcurementStep, Question
from commissioning.procurement.tenders import selectors
from commissioning.procurement.tenders.weights import weight_problems


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcurementStep
        fields = ["number", "title", "status", "done_on", "notes"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["key", "name", "due", "rule", "done_on"]


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["name", "published_on", "reference"]


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = [
            "id",
            "stage",
            "criterion",
            "number",
            "text",
            "guidance",
            "weight",
            "added_value",
            "word_limit",
        ]


class ProcurementSerializer(serializers.ModelSerializer):
    activity = serializers.SerializerMethodField()
    status_label = ChoiceLabelField(source="get_status_display", read_only=True)
    regime_label = ChoiceLabelField(source="get_regime_display", read_only=True)
    bids_received = serializers.IntegerField(source="bid_count", read_only=True)

    class Meta:
        model = Procurement
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "kind",
            "activity",
            "category",
            "buyer_type",
            "estimated_value",
            "includes_vat",
            "duration_months",
            "regime",
            "regime_label",
            "procedure",
            "local_method",
            "resulting_agreement",
            "contract_start",
            "grant_type",
            "status",
            "status_label",
            "published_at",
            "clarification_deadline",
            "tender_deadline",
            "bids_received",
            "version",
            "updated_at",
        ]

    def get_activity(self, procurement) -> dict:
        return {"id": procurement.activity_id, "title": procurement.activity.title}


class ProcurementDetailSerializer(ProcurementSerializer):
    steps = StepSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    notices = NoticeSerializer(many=True, read_only=True)
    reasons = serializers.ListField(source="advice_reasons", child=serializers.CharField(), read_only=True)

    class Meta(ProcurementSerializer.Meta):
        fields = [*ProcurementSerializer.Meta.fields, "reasons", "steps", "milestones", "notices"]


class EvaluationSetupSerializer(serializers.Serializer):
    price_weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    quality_weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    social_value_weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    price_formula = serializers.CharField()
    scoring_scale = serializers.ListField(child=serializers.DictField())
    problems = serializers.ListField(
        child=serializers.CharField(), help_text="Empty when the weights are right."
    )
    questions = QuestionSerializer(many=True)


@extend_schema(tags=["Procurement"])
class ProcurementViewSet(RememberedListMixin, viewsets.ReadOnlyModelViewSet):
    """Procurements and grant rounds, with their route, steps, timetable and notices."""

    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "procurement.view_procurements"

    def get_serializer_class(self):
        return ProcurementDetailSerializer if self.action == "retrieve" else ProcurementSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Reference, title or activity."),
            OpenApiParameter("status", str),
            OpenApiParameter("kind", str, enum=["tender", "grant_round"]),
            OpenApiParameter("regime", str),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        queryset = selectors.procurement_list(
            search=params.get("search", "").strip(),
            status=params.get("status", ""),
            kind=params.get("kind", ""),
            regime=params.get("regime", ""),
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("steps", "milestones", "notices")
        return queryset

    @extend_schema(responses=EvaluationSetupSerializer)
    @action(detail=True, methods=["get"], url_path="questions")
    def questions(self, request, pk=None):
        """The questions bidders answer, with the weights, the scale and the price formula."""
        procurement = self.get_object()
        questions = list(procurement.questions.active())
        data = {
            "price_weight": procurement.price_weight,
            "quality_weight": procurement.quality_weight,
            "social_value_weight": procurement.social_value_weight,
            "price_formula": procurement.price_formula,
            "scoring_scale": procurement.scoring_scale,
            "problems": weight_problems(procurement, questions),
            "questions": QuestionSerializer(questions, many=True).data,
        }
        return Response(EvaluationSetupSerializer(data).data)
