"""Involvement and consultations in the API: who took part in which step of which activity (numbers by group),
how, with what support and feedback; and consultations with their dates, Compact warning and outcome. Read
only, for partnership staff. Individual consultation answers are not exposed."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets

from commissioning.api.fields import ChoiceLabelField
from commissioning.api.views import HasPermission
from commissioning.core.params import whole_number
from commissioning.engagement import selectors
from commissioning.engagement.models import Consultation, Group, Involvement, Method


class CountSerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=Group.choices)
    group_label = ChoiceLabelField(source="get_group_display")
    number = serializers.IntegerField()


class InvolvementSerializer(serializers.ModelSerializer):
    activity_id = serializers.IntegerField(read_only=True)
    activity_title = serializers.CharField(source="activity.title", read_only=True)
    service_area = serializers.CharField(source="activity.service_area", read_only=True)
    step = serializers.IntegerField(source="step.number", read_only=True)
    counts = CountSerializer(many=True, read_only=True)
    panel = serializers.CharField(source="panel.name", default="", read_only=True)
    support = serializers.SlugRelatedField(
        source="support_types", slug_field="name", many=True, read_only=True
    )
    support_cost = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Involvement
        fields = [
            "id",
            "title",
            "activity_id",
            "activity_title",
            "service_area",
            "step",
            "method",
            "took_place_on",
            "counts",
            "panel",
            "in_decision",
            "summary",
            "support",
            "support_cost",
            "training",
            "accredited",
            "feedback",
            "feedback_given_on",
            "archived",
            "version",
            "updated_at",
        ]


class ConsultationSerializer(serializers.ModelSerializer):
    activity_id = serializers.IntegerField(read_only=True, allow_null=True)
    length_days = serializers.IntegerField(read_only=True)
    length_warning = serializers.CharField(read_only=True)
    response_count = serializers.IntegerField(read_only=True)
    status = serializers.SerializerMethodField()
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "title",
            "activity_id",
            "purpose",
            "audience",
            "includes_voluntary_sector",
            "open_to_young_people",
            "question",
            "starts_on",
            "ends_on",
            "length_days",
            "length_warning",
            "status",
            "channels",
            "response_count",
            "responses_summary",
            "what_changed",
            "published_summary",
            "published_on",
            "archived",
            "version",
            "updated_at",
        ]

    def get_status(self, obj) -> str:
        return obj.status_on(timezone.localdate())


@extend_schema(tags=["Involvement"])
class InvolvementViewSet(viewsets.ReadOnlyModelViewSet):
    """Involvement of children, young people, parents and carers, practitioners and the voluntary sector in the
    steps of commissioning activities: numbers by group, never names."""

    serializer_class = InvolvementSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "engagement.view_involvement"

    @extend_schema(
        parameters=[
            OpenApiParameter("group", str, enum=Group.values),
            OpenApiParameter("method", str, enum=Method.values),
            OpenApiParameter("step", int, description="Step of the commissioning cycle, 1 to 9."),
            OpenApiParameter("service_area", str, description="The activity's service area."),
            OpenApiParameter("activity", int, description="The commissioning activity's id."),
            OpenApiParameter("feedback", str, enum=["given", "owed"]),
            OpenApiParameter("search", str),
            OpenApiParameter("include_archived", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Involvement.objects.none()
        params = self.request.query_params
        step, activity = params.get("step", ""), params.get("activity", "")
        return selectors.involvement_list(
            search=params.get("search", "").strip(),
            group=params.get("group", ""),
            method=params.get("method", ""),
            step=whole_number(step),
            service_area=params.get("service_area", ""),
            activity_id=whole_number(activity),
            feedback=params.get("feedback", ""),
            include_archived=self.action != "list" or params.get("include_archived") in ("true", "1", "yes"),
        )


@extend_schema(tags=["Involvement"])
class ConsultationViewSet(viewsets.ReadOnlyModelViewSet):
    """Consultations: purpose, audience, dates (with the Compact length warning), responses summary, what
    changed and the published summary."""

    serializer_class = ConsultationSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "engagement.view_involvement"

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=["upcoming", "open", "closed"]),
            OpenApiParameter("search", str),
            OpenApiParameter("include_archived", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Consultation.objects.none()
        params = self.request.query_params
        return selectors.consultation_list(
            search=params.get("search", "").strip(),
            status=params.get("status", ""),
            today=timezone.localdate(),
            include_archived=self.action != "list" or params.get("include_archived") in ("true", "1", "yes"),
        )

    def get_object(self):
        try:
            return self.get_queryset().get(pk=int(self.kwargs["pk"]))
        except (Consultation.DoesNotExist, ValueError) as exc:
            raise Http404("No such consultation") from exc
