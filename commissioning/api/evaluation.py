"""The evaluation of a procurement in the API: the ranking and the moderated scores (after the bids are opened,
under the sealing rule), and the award decisions with their standstill."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from commissioning.procurement.bidding.selectors import why_sealed
from commissioning.procurement.evaluation import report, selectors
from commissioning.procurement.evaluation.scoring import rounded
from commissioning.procurement.evaluation.services import standstill_end
from commissioning.procurement.models import Moderation, Procurement


class RankingRowSerializer(serializers.Serializer):
    bid = serializers.IntegerField(source="bid_id")
    bidder = serializers.CharField()
    price = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    quality = serializers.SerializerMethodField()
    social_value = serializers.SerializerMethodField()
    price_score = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField()
    rank = serializers.IntegerField(allow_null=True)
    ranked = serializers.BooleanField()
    unranked_reason = serializers.CharField()

    def _figure(self, row, value) -> str | None:
        return str(rounded(value)) if row.ranked else None

    def get_quality(self, row) -> str | None:
        return self._figure(row, row.quality)

    def get_social_value(self, row) -> str | None:
        return self._figure(row, row.social_value)

    def get_price_score(self, row) -> str | None:
        return self._figure(row, row.price_score)

    def get_total(self, row) -> str | None:
        return self._figure(row, row.total)


class ModeratedScoreSerializer(serializers.ModelSerializer):
    bidder = serializers.CharField(source="bid.bidder.name")
    question_number = serializers.CharField(source="question.number")

    class Meta:
        model = Moderation
        fields = ["bid", "bidder", "question", "question_number", "score", "reasons", "feedback"]


class AwardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    bid = serializers.IntegerField(source="bid_id")
    bidder = serializers.CharField(source="bid.bidder.name")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    decided_on = serializers.DateField()
    approved_by = serializers.CharField()
    approval_reference = serializers.CharField()
    reasons = serializers.CharField()
    award_notice_on = serializers.DateField(allow_null=True)
    standstill_applies = serializers.SerializerMethodField()
    standstill_ends = serializers.DateField(allow_null=True)
    may_enter_contract_from = serializers.SerializerMethodField()
    contract_entered_on = serializers.DateField(allow_null=True)

    def get_standstill_applies(self, award) -> bool:
        return award.procurement.standstill_applies

    def get_may_enter_contract_from(self, award) -> str | None:
        if not award.award_notice_on or not award.procurement.standstill_applies:
            return None
        return standstill_end(award.award_notice_on)[1].isoformat()


class ModeratorView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def procurement(self, request, pk) -> Procurement:
        procurement = get_object_or_404(Procurement, pk=pk)
        if not request.user.has_perm("procurement.moderate", procurement):
            raise exceptions.PermissionDenied(
                "Only the procurement's lead and procurement managers see its evaluation."
            )
        reason = why_sealed(request.user, procurement)
        if reason:
            raise exceptions.PermissionDenied(reason)
        return procurement


@extend_schema(tags=["Procurement"])
class EvaluationView(ModeratorView):
    """The ranking with quality, social value and price scores, and every moderated score with its reasons and
    feedback. Refused (403) before the bids are opened."""

    @extend_schema(responses={200: None})
    def get(self, request, pk):
        procurement = self.procurement(request, pk)
        moderations = Moderation.objects.filter(bid__procurement=procurement).select_related(
            "bid__bidder", "question"
        )
        return Response(
            {
                "procurement": procurement.pk,
                "reference": procurement.reference,
                "status": procurement.status,
                "scale_max": procurement.scale_max,
                "price_formula": report.price_formula_text(procurement),
                "complete": not selectors.moderation_problems(procurement),
                "problems": selectors.moderation_problems(procurement),
                "ranking": RankingRowSerializer(report.ranking_rows(procurement), many=True).data,
                "moderated_scores": ModeratedScoreSerializer(moderations, many=True).data,
            }
        )


@extend_schema(tags=["Procurement"])
class AwardsView(ModeratorView):
    """The award decisions, with their approval, the award notice, the standstill and the contract date."""

    @extend_schema(responses={200: AwardSerializer(many=True)})
    def get(self, request, pk):
        procurement = self.procurement(request, pk)
        awards = selectors.awards_for(procurement).select_related("procurement")
        return Response(AwardSerializer(awards, many=True).data)
