"""Joint commissioning maturity in the API: assessments of the partnership or of one commissioning activity on
the joint commissioning matrix, each dimension's approach and evidence. Partnership roles only."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets

from commissioning.api.fields import ChoiceLabelField
from commissioning.api.views import HasPermission
from commissioning.assurance.maturity import selectors
from commissioning.assurance.maturity.models import MaturityAssessment, MaturityRating


class MaturityRatingSerializer(serializers.ModelSerializer):
    dimension_label = ChoiceLabelField(source="get_dimension_display")
    approach_label = ChoiceLabelField(source="get_approach_display")
    level = serializers.IntegerField(help_text="1 separate, 2 parallel, 3 joint, 4 integrated.")

    class Meta:
        model = MaturityRating
        fields = ["dimension", "dimension_label", "approach", "approach_label", "level", "evidence"]


class MaturityAssessmentSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(source="subject_key", help_text="partnership, or activity-<id>.")
    subject_label = serializers.CharField()
    assessor = serializers.SerializerMethodField()
    ratings = MaturityRatingSerializer(many=True)
    archived = serializers.BooleanField(source="is_archived")

    class Meta:
        model = MaturityAssessment
        fields = [
            "id",
            "subject",
            "subject_kind",
            "subject_label",
            "activity",
            "assessed_on",
            "assessor",
            "summary",
            "ratings",
            "archived",
            "version",
        ]

    def get_assessor(self, assessment) -> str:
        return assessment.assessor.get_full_name() or assessment.assessor.get_username()


@extend_schema(tags=["Joint commissioning maturity"])
class MaturityAssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Maturity assessments, newest first; filter by subject to compare one subject over time."""

    serializer_class = MaturityAssessmentSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "maturity.view_maturity"

    @extend_schema(
        parameters=[
            OpenApiParameter("subject", str, description="partnership, or activity-<id>."),
            OpenApiParameter("include_archived", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MaturityAssessment.objects.none()
        params = self.request.query_params
        return selectors.assessment_list(
            subject=params.get("subject", "")[:40],
            include_archived=self.action != "list" or params.get("include_archived") in ("true", "1"),
        )

    def get_object(self):
        try:
            return selectors.assessment_detail(int(self.kwargs["pk"]))
        except (MaturityAssessment.DoesNotExist, ValueError) as exc:
            raise Http404("No such assessment") from exc
