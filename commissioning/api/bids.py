"""Opportunities, published clarifications and sealed bids in the API. Bids are read only through the sealing
selectors: before the deadline every request for a bid's content is refused with a 403 problem detail giving
the reason, for an administrator too; a provider's token reads only its own organisation's bids."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, permissions, serializers

from commissioning.api.fields import ChoiceLabelField
from commissioning.api.services import OrganisationRefSerializer
from commissioning.organisations import roles
from commissioning.procurement.bidding import selectors
from commissioning.procurement.models import Bid, BidAnswer, BidDocument, Clarification, Procurement


class OpportunitySerializer(serializers.ModelSerializer):
    regime_label = ChoiceLabelField(source="get_regime_display", read_only=True)
    procedure_label = ChoiceLabelField(source="get_procedure_display", read_only=True)
    price_formula_label = ChoiceLabelField(source="get_price_formula_display", read_only=True)
    questions = serializers.SerializerMethodField()

    class Meta:
        model = Procurement
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "kind",
            "regime",
            "regime_label",
            "procedure",
            "procedure_label",
            "estimated_value",
            "includes_vat",
            "duration_months",
            "contract_start",
            "published_at",
            "clarification_deadline",
            "tender_deadline",
            "price_weight",
            "quality_weight",
            "social_value_weight",
            "price_formula",
            "price_formula_label",
            "scoring_scale",
            "questions",
        ]

    def get_questions(self, procurement) -> list[dict]:
        return [
            {
                "id": question.pk,
                "number": question.number,
                "stage": question.stage,
                "criterion": question.criterion,
                "text": question.text,
                "guidance": question.guidance,
                "weight": str(question.weight),
                "word_limit": question.word_limit,
            }
            for question in procurement.questions.all()
            if not question.is_archived
        ]


class ClarificationSerializer(serializers.ModelSerializer):
    """A published clarification: never who asked."""

    question = serializers.CharField(source="published_question")

    class Meta:
        model = Clarification
        fields = ["id", "question", "answer", "published_at"]


class BidAnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.number")
    question_id = serializers.IntegerField(source="question.pk")

    class Meta:
        model = BidAnswer
        fields = ["question_id", "question", "text"]


class BidDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = BidDocument
        fields = ["id", "name", "size", "sha256"]


class BidSerializer(serializers.ModelSerializer):
    bidder = OrganisationRefSerializer(read_only=True)
    status_label = ChoiceLabelField(source="get_status_display", read_only=True)
    answers = BidAnswerSerializer(many=True, read_only=True)
    documents = BidDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Bid
        fields = [
            "id",
            "procurement",
            "bidder",
            "submitted_at",
            "status",
            "status_label",
            "excluded_reason",
            "price",
            "receipt",
            "answers",
            "documents",
        ]


def _published(pk) -> Procurement:
    return get_object_or_404(
        Procurement.objects.active().exclude(published_at__isnull=True).exclude(status="planning"), pk=pk
    )


@extend_schema(tags=["Procurement"])
class OpportunityListView(generics.ListAPIView):
    """Opportunities open to bids now, soonest closing first, with how bids are scored."""

    serializer_class = OpportunitySerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("search", str, description="Part of the title or description.")]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        search = self.request.query_params.get("search", "").strip()
        return selectors.opportunities(search=search, user=self.request.user).prefetch_related("questions")


@extend_schema(tags=["Procurement"])
class ClarificationListView(generics.ListAPIView):
    """The procurement's published clarification questions and answers, without who asked."""

    serializer_class = ClarificationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Clarification.objects.none()
        return selectors.published_clarifications(_published(self.kwargs["pk"]))


def _sealed(exc: selectors.BidSealed) -> exceptions.PermissionDenied:
    return exceptions.PermissionDenied(str(exc) or "Bids are sealed.", code="bid-sealed")


@extend_schema(tags=["Procurement"])
class ProcurementBidListView(generics.ListAPIView):
    """Every bid of a procurement with its content, once opened after the deadline; before then a 403 problem
    detail with the reason, whoever asks. A provider gets only its own organisation's bids."""

    serializer_class = BidSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Bid.objects.none()
        procurement = get_object_or_404(Procurement.objects.all(), pk=self.kwargs["pk"])
        user = self.request.user
        if user.has_perm("procurement.use_portal") and not roles.has_partnership_role(user):
            return selectors.own_bids(user, procurement)
        try:
            return selectors.bids_for_reading(user, procurement)
        except selectors.BidSealed as exc:
            raise _sealed(exc) from exc


@extend_schema(tags=["Procurement"])
class BidDetailView(generics.RetrieveAPIView):
    """One bid with its answers and documents, under the sealing rule (403 with the reason when refused)."""

    serializer_class = BidSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        try:
            return selectors.bid_for_reading(self.request.user, self.kwargs["pk"])
        except selectors.BidSealed as exc:
            raise _sealed(exc) from exc
