"""The service register in the API: services with their links, and the gap and overlap analysis as JSON."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.api.fields import ChoiceLabelField
from commissioning.api.remembered import RememberedListMixin
from commissioning.api.views import HasPermission
from commissioning.core.params import whole_number
from commissioning.organisations.models import Organisation
from commissioning.services import selectors
from commissioning.services.analysis import selectors as analysis_selectors
from commissioning.services.analysis.figures import SPLIT_RULE
from commissioning.services.models import Service


class OrganisationRefSerializer(serializers.ModelSerializer):
    sector_label = ChoiceLabelField(source="get_sector_display", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "sector", "sector_label"]


class ServiceSerializer(serializers.ModelSerializer):
    provider = OrganisationRefSerializer(read_only=True)
    commissioner = OrganisationRefSerializer(read_only=True, allow_null=True)
    service_area_label = ChoiceLabelField(source="get_service_area_display", read_only=True)
    tier_label = ChoiceLabelField(source="get_tier_display", read_only=True)
    level_label = ChoiceLabelField(source="get_level_display", read_only=True)
    secured_by_label = ChoiceLabelField(source="get_secured_by_display", read_only=True)
    status_label = ChoiceLabelField(source="get_status_display", read_only=True)
    localities = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField()
    priorities = serializers.SerializerMethodField()
    annual_cost = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "reference",
            "name",
            "description",
            "provider",
            "commissioner",
            "service_area",
            "service_area_label",
            "tier",
            "tier_label",
            "level",
            "level_label",
            "covers_whole_area",
            "localities",
            "target_groups",
            "age_from",
            "age_to",
            "outcomes",
            "priorities",
            "capacity",
            "current_use",
            "capacity_unit",
            "annual_cost",
            "secured_by",
            "secured_by_label",
            "status",
            "status_label",
            "single_provider_only",
            "activity",
            "archived",
            "version",
            "updated_at",
        ]

    def get_localities(self, service) -> list[dict]:
        return [{"code": area.code, "name": area.name} for area in service.localities.all()]

    def get_outcomes(self, service) -> list[str]:
        return [item.ref for item in service.outcomes.all()]

    def get_priorities(self, service) -> list[dict]:
        return [
            {"id": p.pk, "title": p.title, "analysis": p.analysis.title} for p in service.priorities.all()
        ]


class ServiceGapRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The priority's id or the outcome's id.")
    label = serializers.CharField()
    detail = serializers.CharField(help_text="The needs analysis of a priority, or the outcome's code.")
    finding = serializers.ChoiceField(choices=["gap", "overlap", "covered"])
    services = serializers.ListField(child=serializers.CharField(), help_text="References of the services.")
    spend = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Costs split equally.")
    cost_not_recorded = serializers.IntegerField()


class ServiceLocalityCellSerializer(serializers.Serializer):
    tier = serializers.CharField()
    finding = serializers.ChoiceField(choices=["gap", "overlap", "covered"])
    services = serializers.ListField(child=serializers.CharField())
    whole_area_services = serializers.ListField(child=serializers.CharField())


class ServiceLocalityRowSerializer(serializers.Serializer):
    locality = serializers.CharField()
    whole_area = serializers.BooleanField()
    cells = ServiceLocalityCellSerializer(many=True)
    spend = serializers.DecimalField(max_digits=14, decimal_places=2)


class ServiceGapAnalysisSerializer(serializers.Serializer):
    by = serializers.ChoiceField(choices=[analysis_selectors.BY_PRIORITY, analysis_selectors.BY_OUTCOME])
    split_rule = serializers.CharField()
    services = serializers.ListField(
        child=serializers.CharField(), help_text="The running services' references."
    )
    rows = ServiceGapRowSerializer(many=True)
    gaps = serializers.ListField(child=serializers.CharField())
    overlaps = serializers.ListField(child=serializers.CharField())
    total_spend = serializers.DecimalField(max_digits=14, decimal_places=2)
    localities = ServiceLocalityRowSerializer(many=True)


def _refs(services) -> list[str]:
    return [service.reference for service in services]


def gap_analysis_data(result: dict) -> dict:
    matrix = result["matrix"]
    return {
        "by": result["by"],
        "split_rule": SPLIT_RULE.format(things=result["things"]),
        "services": _refs(matrix.columns),
        "rows": [
            {
                "key": str(row.key),
                "label": row.label,
                "detail": row.detail,
                "finding": row.finding,
                "services": _refs(row.services),
                "spend": row.spend,
                "cost_not_recorded": row.cost_not_recorded,
            }
            for row in matrix.rows
        ],
        "gaps": [row.label for row in matrix.gaps],
        "overlaps": [row.label for row in matrix.overlaps],
        "total_spend": matrix.total_spend,
        "localities": [
            {
                "locality": row.label,
                "whole_area": row.is_whole_area,
                "cells": [
                    {
                        "tier": cell.tier,
                        "finding": cell.finding,
                        "services": _refs(cell.services),
                        "whole_area_services": _refs(cell.whole_area),
                    }
                    for cell in row.cells
                ],
                "spend": row.spend,
            }
            for row in result["localities"].rows
        ],
    }


@extend_schema(tags=["Services"])
class ServiceViewSet(RememberedListMixin, viewsets.ReadOnlyModelViewSet):
    """The service register. Providers and panel members see none of it."""

    serializer_class = ServiceSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "services.view_services"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "search", str, description="Part of the name, description or provider; or a reference."
            ),
            OpenApiParameter("status", str, enum=["active", "planned", "decommissioned"]),
            OpenApiParameter("tier", str, enum=["universal", "targeted", "specialist"]),
            OpenApiParameter(
                "sector", str, description="The provider's sector, e.g. voluntary_community_faith."
            ),
            OpenApiParameter("service_area", str, description="e.g. early_help, send, youth_justice."),
            OpenApiParameter("target_group", str, description="e.g. young_carers, care_leavers."),
            OpenApiParameter(
                "locality", str, description="A locality's id, or `whole` for whole-area services."
            ),
            OpenApiParameter("provider", int, description="The provider organisation's id."),
            OpenApiParameter("include_archived", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Service.objects.none()
        params = self.request.query_params
        provider = params.get("provider", "")
        return selectors.service_list(
            user=self.request.user,
            search=params.get("search", "").strip(),
            status=params.get("status", ""),
            tier=params.get("tier", ""),
            sector=params.get("sector", ""),
            service_area=params.get("service_area", ""),
            target_group=params.get("target_group", ""),
            locality=params.get("locality", ""),
            provider_id=whole_number(provider),
            include_archived=self.action != "list" or params.get("include_archived") in ("true", "1", "yes"),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "by",
                str,
                enum=["priority", "outcome"],
                description="Priorities of needs analyses (the default) or Every Child Matters outcomes.",
            ),
            OpenApiParameter("analysis", int, description="Only this needs analysis's priorities."),
        ],
        responses={200: ServiceGapAnalysisSerializer},
        description="The gap and overlap analysis of the running services (active, not archived): each priority "
        "or outcome with the services that address it, its finding (gap: none; overlap: several) and its share "
        "of spend (a service's cost split equally between what it addresses); and localities × tiers.",
    )
    @action(detail=False, methods=["get"], url_path="gap-analysis", pagination_class=None)
    def gap_analysis(self, request):
        by = request.query_params.get("by", analysis_selectors.BY_PRIORITY)
        if by not in (analysis_selectors.BY_PRIORITY, analysis_selectors.BY_OUTCOME):
            raise exceptions.ValidationError({"by": ["Use by=priority or by=outcome."]})
        analysis = request.query_params.get("analysis", "")
        result = analysis_selectors.gap_analysis(by=by, analysis_id=whole_number(analysis))
        return Response(ServiceGapAnalysisSerializer(gap_analysis_data(result)).data)
