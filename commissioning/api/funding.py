"""Funding in the API: the partners' funding streams, and pooled and aligned budgets with their contributions,
allocations, commitments, figures and warnings per financial year. Read only."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, viewsets

from commissioning.api.fields import ChoiceLabelField
from commissioning.api.views import HasPermission
from commissioning.core.params import whole_number
from commissioning.funding import selectors
from commissioning.funding.models import ALLOCATION_TARGETS, FundingStream, PooledBudget
from commissioning.organisations.models import Organisation

MONEY = {"max_digits": 14, "decimal_places": 2, "read_only": True}


class PartnerRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


class ServiceFundingSerializer(serializers.Serializer):
    service_id = serializers.IntegerField(source="service.id")
    reference = serializers.CharField(source="service.reference")
    name = serializers.CharField(source="service.name")
    annual_amount = serializers.DecimalField(**MONEY)


class FundingStreamSerializer(serializers.ModelSerializer):
    partner = PartnerRefSerializer(read_only=True)
    financial_year_label = serializers.CharField(source="year_label", read_only=True)
    amount = serializers.DecimalField(**MONEY)
    services = ServiceFundingSerializer(source="active_links", many=True, read_only=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = FundingStream
        fields = [
            "id",
            "name",
            "partner",
            "source",
            "financial_year",
            "financial_year_label",
            "amount",
            "ring_fenced",
            "restrictions",
            "start_date",
            "end_date",
            "services",
            "archived",
            "version",
            "updated_at",
        ]


class ContributionSerializer(serializers.Serializer):
    partner = PartnerRefSerializer()
    amount = serializers.DecimalField(**MONEY)
    notes = serializers.CharField()


class CommitmentSerializer(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY)
    committed_on = serializers.DateField()
    description = serializers.CharField()
    reference = serializers.CharField()


class AllocationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    target_type = serializers.ChoiceField(
        choices=list(ALLOCATION_TARGETS), help_text="What the money is allocated to."
    )
    target_id = serializers.IntegerField()
    target_name = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)
    committed = serializers.DecimalField(**MONEY)
    description = serializers.CharField()
    override_reason = serializers.CharField(
        help_text="Set when the allocation was allowed beyond what is pooled for the year."
    )
    override_at = serializers.DateTimeField(allow_null=True)
    override_by = serializers.CharField(allow_null=True)
    commitments = CommitmentSerializer(many=True)


WARNING_KINDS = [
    selectors.OVER_ALLOCATED,
    selectors.UNSIGNED,
    selectors.MISSING_CONTRIBUTION,
    selectors.OVER_COMMITTED,
]


@extend_schema_field({"type": "string", "enum": WARNING_KINDS})
class WarningKindField(serializers.CharField):
    """One of WARNING_KINDS; described inline so that it does not collide with other enums named "kind"."""


class WarningSerializer(serializers.Serializer):
    kind = WarningKindField(help_text="What the warning is about.")
    year = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()


class YearSerializer(serializers.Serializer):
    financial_year = serializers.IntegerField()
    financial_year_label = serializers.CharField()
    pooled = serializers.DecimalField(**MONEY, help_text="The sum of the partners' contributions.")
    allocated = serializers.DecimalField(**MONEY)
    committed = serializers.DecimalField(**MONEY)
    unallocated = serializers.DecimalField(**MONEY, help_text="Pooled less allocated.")
    uncommitted = serializers.DecimalField(**MONEY, help_text="Allocated less committed.")
    contributions = ContributionSerializer(many=True)
    allocations = AllocationSerializer(many=True)
    warnings = WarningSerializer(many=True)


class PooledBudgetSerializer(serializers.ModelSerializer):
    arrangement_label = ChoiceLabelField(source="get_arrangement_display", read_only=True)
    host = PartnerRefSerializer(read_only=True)
    budget_holder = serializers.CharField(source="holder_label", read_only=True)
    agreement_uploaded = serializers.SerializerMethodField()
    years = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = PooledBudget
        fields = [
            "id",
            "name",
            "arrangement",
            "arrangement_label",
            "purpose",
            "host",
            "budget_holder",
            "first_year",
            "last_year",
            "agreement_signed_on",
            "agreement_uploaded",
            "scheme_of_delegation",
            "years",
            "warnings",
            "archived",
            "version",
            "updated_at",
        ]

    def get_agreement_uploaded(self, budget) -> bool:
        return bool(budget.agreement_file)

    @extend_schema_field(YearSerializer(many=True))
    def get_years(self, budget) -> list[dict]:
        years = [
            {
                "financial_year": year.year,
                "financial_year_label": year.label,
                "pooled": year.pooled,
                "allocated": year.allocated,
                "committed": year.committed,
                "unallocated": year.unallocated,
                "uncommitted": year.uncommitted,
                "contributions": year.contributions,
                "allocations": [_allocation(a) for a in year.allocations],
                "warnings": [w for w in budget.figures.warnings if w["year"] == year.year],
            }
            for year in budget.figures.years
        ]
        return YearSerializer(years, many=True).data

    @extend_schema_field(WarningSerializer(many=True))
    def get_warnings(self, budget) -> list[dict]:
        return WarningSerializer(budget.figures.warnings, many=True).data


def _allocation(allocation) -> dict:
    target_type = next(name for name in ALLOCATION_TARGETS if getattr(allocation, f"{name}_id") is not None)
    who = allocation.override_by
    return {
        "id": allocation.pk,
        "target_type": target_type,
        "target_id": getattr(allocation, f"{target_type}_id"),
        "target_name": str(allocation.target),
        "amount": allocation.amount,
        "committed": allocation.committed,
        "description": allocation.description,
        "override_reason": allocation.override_reason,
        "override_at": allocation.override_at,
        "override_by": (who.get_full_name() or who.get_username()) if who else None,
        "commitments": allocation.active_commitments,
    }


@extend_schema(tags=["Funding"])
class FundingStreamViewSet(viewsets.ReadOnlyModelViewSet):
    """The partners' funding streams, by financial year (April to March; 2026 means 2026/27). Providers and
    panel members see none of it."""

    serializer_class = FundingStreamSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "funding.view_funding"

    @extend_schema(
        parameters=[
            OpenApiParameter("partner", int, description="The partner organisation's id."),
            OpenApiParameter(
                "year", int, description="The financial year's starting year: 2026 for 2026/27."
            ),
            OpenApiParameter("search", str, description="Part of the name, source, partner or restrictions."),
            OpenApiParameter("ring_fenced", str, enum=["yes", "no"]),
            OpenApiParameter("include_archived", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FundingStream.objects.none()
        params = self.request.query_params
        partner, year = params.get("partner", ""), params.get("year", "")
        return selectors.stream_list(
            user=self.request.user,
            search=params.get("search", "").strip(),
            partner_id=whole_number(partner),
            year=whole_number(year),
            ring_fenced=params.get("ring_fenced", ""),
            include_archived=self.action != "list" or params.get("include_archived") in ("true", "1", "yes"),
        )


@extend_schema(tags=["Funding"])
class PooledBudgetViewSet(viewsets.ReadOnlyModelViewSet):
    """Pooled (section 75) and aligned budgets: per financial year the contributions, the allocations with
    their commitments, the figures (pooled, allocated, committed, unallocated, uncommitted) and the warnings
    (over-allocated, agreement unsigned, contribution missing, over-committed)."""

    serializer_class = PooledBudgetSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "funding.view_funding"

    @extend_schema(
        parameters=[
            OpenApiParameter("arrangement", str, enum=["pooled_s75", "aligned", "other"]),
            OpenApiParameter("partner", int, description="A host or contributing partner's id."),
            OpenApiParameter("search", str, description="Part of the name or purpose."),
            OpenApiParameter("warnings", bool, description="Only budgets with warnings."),
            OpenApiParameter("include_archived", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PooledBudget.objects.none()
        params = self.request.query_params
        partner = params.get("partner", "")
        return selectors.budget_list(
            user=self.request.user,
            search=params.get("search", "").strip(),
            arrangement=params.get("arrangement", ""),
            partner_id=whole_number(partner),
            warnings_only=params.get("warnings") in ("true", "1", "yes"),
            include_archived=self.action != "list" or params.get("include_archived") in ("true", "1", "yes"),
        )

    def get_object(self):
        try:
            return selectors.budget_detail(int(self.kwargs["pk"]))
        except (PooledBudget.DoesNotExist, ValueError) as exc:
            raise Http404("No such budget") from exc
