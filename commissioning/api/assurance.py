"""Quality assurance in the API: the rolling programmes, audits with their criteria's ratings, and the computed
evidence beside each rating (as the records say now, or as they said when the audit was completed); an audit's
auditor (or the partnership commissioning manager) may rate its criteria. Partnership roles only: provider and
panel tokens see nothing here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.api.fields import ChoiceLabelField
from commissioning.api.views import Conflict, HasPermission
from commissioning.assurance import selectors, services
from commissioning.assurance.evidence import audit_scope, evidence_for_assessment
from commissioning.assurance.models import Assessment, Audit, AuditStatus, Programme, Rating, SourceRole
from commissioning.core.exceptions import ConflictError
from commissioning.core.params import whole_number
from commissioning.cycle.models import ServiceArea


def _person(user) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


class RecordLineSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField(help_text="The record's page on this site.")
    passes = serializers.BooleanField(help_text="Whether the record passes the check's rule.")
    reason = serializers.CharField()


class ComputedEvidenceSerializer(serializers.Serializer):
    check = serializers.CharField(help_text="The check's code.")
    rule = serializers.CharField(help_text="The rule, in plain words.")
    period = serializers.CharField()
    outcome = serializers.ChoiceField(choices=["met", "partly_met", "not_met", "not_enough"])
    outcome_label = serializers.CharField()
    summary = serializers.CharField()
    counted = serializers.IntegerField(help_text="Records counted.")
    passing = serializers.IntegerField(help_text="Records that pass the rule.")
    records = RecordLineSerializer(many=True)


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    owner = serializers.CharField(source="owner_name")
    due_on = serializers.DateField()
    status = serializers.CharField()
    completed_on = serializers.DateField(allow_null=True)
    completion_note = serializers.CharField()


class RatingSerializer(serializers.ModelSerializer):
    audit = serializers.IntegerField(source="audit_id", read_only=True)
    criterion = serializers.CharField(source="item.ref", read_only=True, help_text="The criterion's number.")
    criterion_text = serializers.CharField(source="item.text", read_only=True)
    rating_label = serializers.SerializerMethodField()
    links = serializers.ListField(child=serializers.CharField(), read_only=True)
    source_label = serializers.SerializerMethodField()
    confirmed_by = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    computed_evidence = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "audit",
            "criterion",
            "criterion_text",
            "rating",
            "rating_label",
            "evidence",
            "links",
            "files",
            "source_role",
            "source_label",
            "confirmed_by",
            "confirmed_on",
            "rated_at",
            "actions",
            "computed_evidence",
            "version",
        ]

    def get_rating_label(self, assessment) -> str:
        return Rating(assessment.rating).label if assessment.rating else "Not rated"

    def get_source_label(self, assessment) -> str:
        return assessment.get_source_role_display() if assessment.source_role else ""

    def get_confirmed_by(self, assessment) -> str | None:
        return _person(assessment.confirmed_by)

    def get_files(self, assessment) -> list[str]:
        return [f.title for f in assessment.files.all() if not f.is_archived]

    @extend_schema_field(ActionSerializer(many=True))
    def get_actions(self, assessment) -> list[dict]:
        actions = [a for a in assessment.actions.all() if not a.is_archived]
        for audit_action in actions:
            audit_action.owner_name = _person(audit_action.owner)
        return ActionSerializer(actions, many=True).data

    @extend_schema_field(ComputedEvidenceSerializer(many=True))
    def get_computed_evidence(self, assessment) -> list[dict]:
        """Live while the audit is open; the snapshot kept at completion once it is completed."""
        return ComputedEvidenceSerializer(
            evidence_for_assessment(assessment, audit_scope(assessment.audit)), many=True
        ).data


class RateSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Rating.choices)
    evidence = serializers.CharField(required=False, allow_blank=True, default="")
    links = serializers.ListField(
        child=serializers.CharField(max_length=500),
        required=False,
        default=list,
        help_text="Addresses of records on this site (/contracts/12/) or of web pages (https://…).",
    )
    source_role = serializers.ChoiceField(
        choices=SourceRole.choices, required=False, allow_blank=True, default=""
    )
    version = serializers.IntegerField(
        help_text="The rating's version when you read it; a stale one gets 409."
    )


class AuditSerializer(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="programme_id", read_only=True)
    financial_year = serializers.IntegerField(source="programme.financial_year", read_only=True)
    framework = serializers.CharField(source="framework.slug", read_only=True)
    framework_title = serializers.CharField(source="framework.title", read_only=True)
    service_area_label = ChoiceLabelField(source="get_service_area_display", read_only=True)
    auditor = serializers.SerializerMethodField()
    due_on = serializers.DateField(read_only=True, help_text="The end of the audit's quarter.")
    overdue = serializers.SerializerMethodField()
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Audit
        fields = [
            "id",
            "programme",
            "financial_year",
            "framework",
            "framework_title",
            "service_area",
            "service_area_label",
            "quarter",
            "auditor",
            "period_start",
            "period_end",
            "due_on",
            "overdue",
            "status",
            "started_at",
            "completed_at",
            "conclusion",
            "archived",
            "version",
        ]

    def get_auditor(self, audit) -> str | None:
        return _person(audit.auditor)

    def get_overdue(self, audit) -> bool:
        return audit.is_overdue(timezone.localdate())


class AuditDetailSerializer(AuditSerializer):
    ratings = serializers.SerializerMethodField()

    class Meta(AuditSerializer.Meta):
        fields = [*AuditSerializer.Meta.fields, "ratings"]

    @extend_schema_field(RatingSerializer(many=True))
    def get_ratings(self, audit) -> list[dict]:
        assessments = selectors.assessments_of(audit)
        for assessment in assessments:
            assessment.audit = audit
        return RatingSerializer(assessments, many=True).data


class ProgrammeSerializer(serializers.ModelSerializer):
    financial_year_label = serializers.CharField(source="year_label", read_only=True)
    audit_count = serializers.IntegerField(read_only=True)
    completed_count = serializers.IntegerField(read_only=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "financial_year",
            "financial_year_label",
            "title",
            "notes",
            "agreed_on",
            "audit_count",
            "completed_count",
            "archived",
            "version",
        ]


def _truthy(value) -> bool:
    return value in ("true", "1", "yes")


@extend_schema(tags=["Quality assurance"])
class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """The rolling programmes of standards audits, one per financial year (2026 means 2026/27)."""

    serializer_class = ProgrammeSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "assurance.view_assurance"

    @extend_schema(parameters=[OpenApiParameter("include_archived", bool)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Programme.objects.none()
        include_archived = self.action != "list" or _truthy(self.request.query_params.get("include_archived"))
        return selectors.programme_list(include_archived=include_archived)


@extend_schema(tags=["Quality assurance"])
class AuditViewSet(viewsets.ReadOnlyModelViewSet):
    """Audits: a standards framework applied to a service area in a quarter. One audit's page has every
    criterion's rating, evidence, source, actions and computed evidence."""

    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "assurance.view_assurance"

    def get_serializer_class(self):
        return AuditDetailSerializer if self.action == "retrieve" else AuditSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("programme", int, description="The programme's id."),
            OpenApiParameter("service_area", str, enum=ServiceArea.values),
            OpenApiParameter("status", str, enum=AuditStatus.values),
            OpenApiParameter("overdue", bool, description="Only audits past the end of their quarter."),
            OpenApiParameter("include_archived", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Audit.objects.none()
        params = self.request.query_params
        programme = params.get("programme", "")
        queryset = selectors.audit_list(
            service_area=params.get("service_area", "")
            if params.get("service_area") in ServiceArea.values
            else "",
            status=params.get("status", "") if params.get("status") in AuditStatus.values else "",
            overdue=_truthy(params.get("overdue")),
            include_archived=self.action != "list" or _truthy(params.get("include_archived")),
            today=timezone.localdate(),
        )
        if (programme_id := whole_number(programme)) is not None:
            queryset = queryset.filter(programme_id=programme_id)
        return queryset

    def get_object(self):
        try:
            return selectors.audit_detail(int(self.kwargs["pk"]))
        except (Audit.DoesNotExist, ValueError) as exc:
            raise Http404("No such audit") from exc


@extend_schema(tags=["Quality assurance"])
class RatingViewSet(viewsets.ReadOnlyModelViewSet):
    """Each criterion's rating in each audit, with its evidence, source, actions and the computed evidence
    beside it."""

    serializer_class = RatingSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "assurance.view_assurance"

    @extend_schema(
        parameters=[
            OpenApiParameter("audit", int, description="The audit's id."),
            OpenApiParameter("rating", str, enum=[*Rating.values, "unrated"]),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=RateSerializer,
        responses={200: RatingSerializer},
        description="Rate a criterion of an audit in progress, as its auditor or the partnership commissioning "
        "manager. Refused with 400 and the reasons (for example met without evidence, or a link to no page); "
        "409 when the rating changed since `version`.",
    )
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        assessment = self.get_object()
        if not request.user.has_perm("assurance.change_audit", assessment.audit):
            raise PermissionDenied("You cannot rate this audit.")
        payload = RateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            assessment = services.assessment_save(
                actor=request.user,
                assessment=assessment,
                data={
                    "rating": data["rating"],
                    "evidence": data["evidence"],
                    "evidence_links": "\n".join(line.strip() for line in data["links"] if line.strip()),
                    "source_role": data["source_role"],
                },
                expected_version=data["version"],
            )
        except ConflictError as exc:
            raise Conflict(exc.messages[0]) from exc
        return Response(RatingSerializer(self.get_queryset().get(pk=assessment.pk)).data)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        params = self.request.query_params
        queryset = (
            Assessment.objects.filter(audit__archived_at__isnull=True)
            .select_related("audit__framework", "item", "confirmed_by")
            .prefetch_related("files", "actions__owner")
            .order_by("audit_id", "item__sort_key")
        )
        audit = params.get("audit", "")
        if (audit_id := whole_number(audit)) is not None:
            queryset = queryset.filter(audit_id=audit_id)
        rating = params.get("rating", "")
        if rating == "unrated":
            queryset = queryset.filter(rating="")
        elif rating in Rating.values:
            queryset = queryset.filter(rating=rating)
        return queryset
