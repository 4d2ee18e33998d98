"""Boards and decisions in the API: bodies with members and delegated authority, meetings with agendas and
attendance, the decision log (and recording a decision, with the delegated authority rule), and the action plan
(with progress updates). Partnership roles read; providers and panel members get 403."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.api.views import Conflict, HasPermission
from commissioning.core.exceptions import ConflictError
from commissioning.core.params import whole_number
from commissioning.governance import selectors, services
from commissioning.governance.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Body,
    BodyMember,
    Decision,
    Meeting,
)


def _record_ref(row) -> str:
    return selectors.record_key(row)


class BoardMemberSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    person = serializers.SerializerMethodField()

    class Meta:
        model = BodyMember
        fields = [
            "id",
            "role_title",
            "person",
            "organisation",
            "position",
            "delegated_limit",
            "authority_covers",
        ]

    def get_person(self, member) -> str:
        return member.user.get_full_name() if member.user_id else ""


class BoardBodySerializer(serializers.ModelSerializer):
    members = serializers.SerializerMethodField()
    authority_limit = serializers.SerializerMethodField()

    class Meta:
        model = Body
        fields = [
            "id",
            "name",
            "body_type",
            "parent",
            "role",
            "terms_of_reference",
            "framework_ref",
            "authority_limit",
            "members",
            "version",
        ]

    def get_members(self, body) -> list[dict]:
        return BoardMemberSerializer(selectors.members_of(body), many=True).data

    def get_authority_limit(self, body) -> str:
        return f"{services.authority_limit(body):.2f}"


class BoardAgendaItemSerializer(serializers.ModelSerializer):
    record = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = ["order", "title", "presenter", "purpose", "kind", "summary", "record"]

    def get_record(self, item) -> str:
        return _record_ref(item)


class BoardMeetingSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    agenda = serializers.SerializerMethodField()
    minutes_approved = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "body_name",
            "held_on",
            "location",
            "minutes",
            "minutes_approved",
            "agenda",
            "version",
        ]

    def get_agenda(self, meeting) -> list[dict]:
        return BoardAgendaItemSerializer(meeting.agenda_items.order_by("order"), many=True).data

    def get_minutes_approved(self, meeting) -> bool:
        return meeting.minutes_approved_at_id is not None


class BoardDecisionSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    record = serializers.CharField(
        required=False, allow_blank=True, help_text='The record decided on, as "app_label.model:id".'
    )
    acknowledge_above_authority = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Needed when the amount is above the body's delegated authority: who will ratify it.",
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "reference",
            "body",
            "body_name",
            "meeting",
            "decision",
            "record",
            "amount",
            "conditions",
            "decided_on",
            "published",
            "within_authority",
            "authority_limit",
            "authority_acknowledgement",
            "acknowledge_above_authority",
        ]
        read_only_fields = ["within_authority", "authority_limit", "authority_acknowledgement"]
        extra_kwargs = {"reference": {"validators": []}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["record"] = _record_ref(instance)
        return data


class BoardActionUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionUpdate
        fields = ["written_on", "status", "note"]


class BoardActionSerializer(serializers.ModelSerializer):
    owner_body_name = serializers.CharField(source="owner_body.name", read_only=True)
    updates = BoardActionUpdateSerializer(many=True, read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "owner_body",
            "owner_body_name",
            "due_on",
            "status",
            "updates",
            "version",
        ]


class BoardProgressSerializer(serializers.Serializer):
    written_on = serializers.DateField()
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    note = serializers.CharField()
    version = serializers.IntegerField(help_text="The action's version you read.")


@extend_schema(tags=["Boards and decisions"])
class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    """The partnership's governance bodies with their members and delegated authority."""

    serializer_class = BoardBodySerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "governance.view_governance"

    def get_queryset(self):
        return selectors.body_list()


@extend_schema(tags=["Boards and decisions"])
class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings with their agendas (newest first)."""

    serializer_class = BoardMeetingSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "governance.view_governance"

    def get_queryset(self):
        return (
            selectors.meeting_list(today=timezone.localdate())
            .order_by("-held_on")
            .prefetch_related("agenda_items__content_type")
        )


@extend_schema(tags=["Boards and decisions"])
class DecisionViewSet(viewsets.mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The decision log. Recording a decision above the body's delegated authority needs
    `acknowledge_above_authority`; without it the answer is 400 with the limit and the amount."""

    serializer_class = BoardDecisionSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]

    @property
    def required_permission(self):
        return (
            "governance.record_decisions" if self.request.method == "POST" else "governance.view_governance"
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str),
            OpenApiParameter("body", int),
            OpenApiParameter("authority", str, description="above or within"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        body = params.get("body", "")
        if body and whole_number(body) is None:
            raise exceptions.ValidationError({"body": ["Give a whole number."]})
        authority = params.get("authority", "")
        if authority not in ("", "above", "within"):
            raise exceptions.ValidationError({"authority": ["Use above or within."]})
        return selectors.decision_list(
            search=params.get("search", "").strip(), body_id=int(body) if body else None, authority=authority
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        record = services.record_from_key(data.pop("record", ""))
        body = data.pop("body")
        decision = services.decision_record(
            actor=request.user,
            body=body,
            data={**data, "conditions": data.get("conditions", "")},
            record=record,
            acknowledge_above_authority=data.pop("acknowledge_above_authority", ""),
        )
        return Response(self.get_serializer(decision).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["Boards and decisions"])
class ActionViewSet(viewsets.ReadOnlyModelViewSet):
    """The Action Plan for Commissioning, with progress updates."""

    serializer_class = BoardActionSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]

    @property
    def required_permission(self):
        return "governance.update_actions" if self.request.method == "POST" else "governance.view_governance"

    def get_queryset(self):
        return selectors.action_list(today=timezone.localdate())

    @extend_schema(request=BoardProgressSerializer, responses=BoardActionSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        plan_action = self.get_object()
        serializer = BoardProgressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.action_progress(
                actor=request.user,
                action=plan_action,
                written_on=data["written_on"],
                status=data["status"],
                note=data["note"],
                expected_version=data["version"],
            )
        except ConflictError as exc:
            raise Conflict(exc.messages[0]) from exc
        return Response(BoardActionSerializer(selectors.action_detail(plan_action.pk)).data)
