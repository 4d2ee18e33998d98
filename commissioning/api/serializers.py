from django.urls import reverse
from rest_framework import serializers

from commissioning.api.fields import ChoiceLabelField
from commissioning.cycle.models import ActivityStep, CommissioningActivity, SelfAssessmentAnswer, StepEvidence
from commissioning.frameworks.models import Framework, FrameworkItem
from commissioning.organisations.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    organisation_type_label = ChoiceLabelField(source="get_organisation_type_display", read_only=True)
    sector_label = ChoiceLabelField(source="get_sector_display", read_only=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "organisation_type",
            "organisation_type_label",
            "sector",
            "sector_label",
            "is_partner",
            "is_provider",
            "companies_house_number",
            "charity_number",
            "other_identifier_scheme",
            "other_identifier",
            "website",
            "postcode",
            "archived",
            "version",
            "updated_at",
        ]


class FrameworkSourceSerializer(serializers.Serializer):
    council = serializers.CharField()
    organisation = serializers.CharField(source="source_organisation")
    document = serializers.CharField(source="source_document")
    year = serializers.IntegerField(source="source_year")
    citation = serializers.CharField()


class FrameworkSerializer(serializers.ModelSerializer):
    source = FrameworkSourceSerializer(source="*", read_only=True)
    kind_label = ChoiceLabelField(source="get_kind_display", read_only=True)
    item_count = serializers.IntegerField(read_only=True)
    items_url = serializers.SerializerMethodField()

    class Meta:
        model = Framework
        fields = [
            "slug",
            "title",
            "kind",
            "kind_label",
            "summary",
            "source",
            "source_notes",
            "item_count",
            "items_url",
        ]

    def get_items_url(self, framework) -> str:
        request = self.context.get("request")
        path = f"/api/v1/frameworks/{framework.slug}/items/"
        return request.build_absolute_uri(path) if request else path


class FieldSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.JSONField(help_text="Text, or a list of text for bulleted content.")


class FrameworkItemSerializer(serializers.ModelSerializer):
    framework = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parent = serializers.SlugRelatedField(
        slug_field="ref",
        read_only=True,
        allow_null=True,
        help_text="The ref of the item this one sits under; null for an item at the top of its framework.",
    )
    fields = FieldSerializer(many=True, read_only=True)
    source = serializers.CharField(source="citation", read_only=True)

    class Meta:
        model = FrameworkItem
        fields = [
            "framework",
            "ref",
            "kind",
            "title",
            "text",
            "fields",
            "missing_from_source",
            "parent",
            "depth",
            "source",
        ]


class StepEvidenceSerializer(serializers.ModelSerializer):
    added_by = serializers.StringRelatedField()
    file_url = serializers.SerializerMethodField(help_text="Where to download the file, for file evidence.")

    class Meta:
        model = StepEvidence
        fields = [
            "id",
            "kind",
            "title",
            "document_type",
            "text",
            "url",
            "record_path",
            "file_name",
            "file_size",
            "content_type",
            "file_url",
            "added_by",
            "created_at",
        ]

    def get_file_url(self, evidence) -> str:
        if not evidence.file:
            return ""
        step = evidence.step
        return reverse("cycle:evidence-file", args=[step.activity_id, step.number, evidence.pk])


class SelfAssessmentAnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.ref", read_only=True)
    question_text = serializers.CharField(source="question.text", read_only=True)
    answered_by = serializers.StringRelatedField()

    class Meta:
        model = SelfAssessmentAnswer
        fields = [
            "step_number",
            "question",
            "question_text",
            "answer",
            "evidence",
            "answered_by",
            "updated_at",
            "version",
        ]


class ActivityStepSerializer(serializers.ModelSerializer):
    status_label = ChoiceLabelField(source="get_status_display", read_only=True)
    title = serializers.CharField(source="guidance.title", default="", read_only=True)
    quadrant = serializers.CharField(source="quadrant.quadrant", read_only=True)
    evidence = StepEvidenceSerializer(source="active_evidence", many=True, read_only=True)

    class Meta:
        model = ActivityStep
        fields = [
            "number",
            "title",
            "quadrant",
            "status",
            "status_label",
            "not_applicable_reason",
            "due_date",
            "started_at",
            "completed_at",
            "version",
            "evidence",
        ]


class CommissioningActivitySerializer(serializers.ModelSerializer):
    lead_commissioner = serializers.StringRelatedField()
    lead_organisation = serializers.StringRelatedField()
    partners = serializers.StringRelatedField(many=True)
    outcomes = serializers.SlugRelatedField(slug_field="ref", many=True, read_only=True)
    cycle_year_label = serializers.CharField(read_only=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)
    steps = ActivityStepSerializer(many=True, read_only=True)
    self_assessment = SelfAssessmentAnswerSerializer(source="answers", many=True, read_only=True)

    class Meta:
        model = CommissioningActivity
        fields = [
            "id",
            "title",
            "kind",
            "purpose",
            "service_area",
            "lead_commissioner",
            "lead_organisation",
            "partners",
            "level",
            "tiers",
            "integration_approach",
            "outcomes",
            "cycle_year",
            "cycle_year_label",
            "status",
            "archived",
            "version",
            "steps",
            "self_assessment",
        ]


class StepStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["not_started", "in_progress", "complete", "not_applicable"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, help_text="The step's version you last read.")


class UnmetConditionSerializer(serializers.Serializer):
    condition = serializers.CharField()
    message = serializers.CharField()


class GateConditionSerializer(serializers.Serializer):
    condition = serializers.CharField(source="rule.condition")
    label = serializers.CharField(source="rule.get_condition_display")
    met = serializers.BooleanField()
    message = serializers.CharField(allow_null=True, help_text="Why it is not met; null when it is.")


class GateSerializer(serializers.Serializer):
    transition = serializers.CharField()
    step = serializers.IntegerField(allow_null=True)
    open = serializers.BooleanField(help_text="True when every condition is met.")
    conditions = GateConditionSerializer(many=True)
