"""Service specifications in the API, read-only: the latest version's sections and KPIs, the status, the approved
version, and every version with its change note and approval."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets

from commissioning.api.views import HasPermission
from commissioning.core.params import whole_number
from commissioning.procurement.specifications import selectors
from commissioning.procurement.specifications.models import (
    Specification,
    SpecificationKpi,
    SpecificationSection,
    SpecificationVersion,
)

STATUS_HELP = "draft or approved."


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpecificationSection
        fields = ["ref", "heading", "text"]


class KpiSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    frequency = serializers.CharField(
        read_only=True, help_text="monthly, quarterly, six_monthly, annually, or empty when not set."
    )

    class Meta:
        model = SpecificationKpi
        fields = [
            "position",
            "indicator",
            "measure",
            "target",
            "frequency",
            "source",
            "unit",
            "polarity",
            "baseline",
            "england",
        ]


class VersionSerializer(serializers.ModelSerializer):
    created_by = serializers.StringRelatedField()
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    class Meta:
        model = SpecificationVersion
        fields = [
            "number",
            "status",
            "change_note",
            "created_by",
            "created_at",
            "approved_by_body",
            "decision_reference",
            "approved_on",
        ]


class SpecificationSerializer(serializers.ModelSerializer):
    activity = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP + " The latest version's.")
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Specification
        fields = [
            "id",
            "title",
            "activity",
            "status",
            "current_number",
            "approved_number",
            "archived",
            "updated_at",
        ]

    def get_activity(self, specification) -> dict:
        activity = specification.activity
        return {"id": activity.pk, "title": activity.title, "cycle_year": activity.cycle_year}


class SpecificationDetailSerializer(SpecificationSerializer):
    sections = serializers.SerializerMethodField()
    kpis = serializers.SerializerMethodField()
    approved_kpis = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()

    class Meta(SpecificationSerializer.Meta):
        fields = [*SpecificationSerializer.Meta.fields, "sections", "kpis", "approved_kpis", "versions"]

    def _latest(self, specification):
        if not hasattr(specification, "_latest_version"):
            specification._latest_version = selectors.version_of(specification)
        return specification._latest_version

    def get_sections(self, specification) -> list[dict]:
        return SectionSerializer(self._latest(specification).sections.all(), many=True).data

    def get_kpis(self, specification) -> list[dict]:
        return KpiSerializer(self._latest(specification).kpis.all(), many=True).data

    def get_approved_kpis(self, specification) -> list[dict]:
        return KpiSerializer(selectors.kpis_in_force(specification), many=True).data

    def get_versions(self, specification) -> list[dict]:
        return VersionSerializer(selectors.versions_of(specification), many=True).data


@extend_schema(tags=["Service specifications"])
class SpecificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Service specifications. The detail has the latest version's sections and key performance indicators, the
    KPIs of the approved version (what a contract uses) and every version. Providers see none."""

    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "specifications.view_specifications"

    def get_serializer_class(self):
        return SpecificationDetailSerializer if self.action == "retrieve" else SpecificationSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Part of the title or of the activity's title."),
            OpenApiParameter("status", str, enum=["draft", "approved"]),
            OpenApiParameter("activity", int, description="The commissioning activity's id."),
            OpenApiParameter("include_archived", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Specification.objects.none()
        params = self.request.query_params
        activity = params.get("activity", "")
        return selectors.specification_list(
            user=self.request.user,
            search=params.get("search", "").strip(),
            status=params.get("status", ""),
            activity_id=whole_number(activity),
            include_archived=self.action != "list" or params.get("include_archived") in ("true", "1", "yes"),
        )
