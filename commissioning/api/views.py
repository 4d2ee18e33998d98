from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response

from commissioning.api import serializers
from commissioning.api.errors import gate_refused_response
from commissioning.core.exceptions import ConflictError
from commissioning.core.params import whole_number
from commissioning.cycle import gates
from commissioning.cycle import selectors as cycle_selectors
from commissioning.cycle import services as cycle_services
from commissioning.cycle.gates import GateRefused
from commissioning.cycle.models import (
    ActivityStep,
    CommissioningActivity,
    GateTransition,
    SelfAssessmentAnswer,
    StepEvidence,
)
from commissioning.frameworks import selectors as framework_selectors
from commissioning.frameworks.models import Framework, FrameworkItem
from commissioning.organisations import selectors as organisation_selectors


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record changed since you read it."
    default_code = "conflict"


def cycle_steps_queryset():
    evidence = StepEvidence.objects.active().select_related("added_by", "step").order_by("-created_at")
    return (
        ActivityStep.objects.select_related("guidance")
        .prefetch_related(Prefetch("evidence", queryset=evidence, to_attr="active_evidence"))
        .order_by("number")
    )


def answers_queryset():
    return SelfAssessmentAnswer.objects.select_related("question", "answered_by").order_by(
        "step_number", "question__sort_key"
    )


class HasPermission(permissions.BasePermission):
    """Checks a django-rules permission named on the view."""

    def has_permission(self, request, view):
        return request.user.has_perm(view.required_permission)


@extend_schema(tags=["Organisations"])
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Partner and provider organisations visible to you. Provider users see only their own."""

    serializer_class = serializers.OrganisationSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "organisations.view_organisation_list"

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Part of the name, or an exact identifier."),
            OpenApiParameter(
                "sector", str, description="statutory, voluntary_community_faith, private, social_enterprise"
            ),
            OpenApiParameter("relationship", str, enum=["partner", "provider"]),
            OpenApiParameter("include_archived", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        if self.action == "list":
            return organisation_selectors.organisation_list(
                user=self.request.user,
                search=params.get("search", "").strip(),
                sector=params.get("sector", ""),
                organisation_type=params.get("organisation_type", ""),
                relationship=params.get("relationship", ""),
                include_archived=params.get("include_archived") in ("true", "1", "yes"),
            )
        return organisation_selectors.organisations_visible_to(self.request.user)


@extend_schema(tags=["Framework library"])
class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    """The frameworks of the library, each citing its source document."""

    serializer_class = serializers.FrameworkSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "frameworks.view_library"
    lookup_field = "slug"
    pagination_class = None

    def get_queryset(self):
        return framework_selectors.framework_list(
            kind=self.request.query_params.get("kind", ""),
            council=self.request.query_params.get("council", ""),
        )


@extend_schema(tags=["Framework library"])
class FrameworkItemViewSet(viewsets.ReadOnlyModelViewSet):
    """The items of one framework in source order; `search` keeps those containing every word."""

    serializer_class = serializers.FrameworkItemSerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "frameworks.view_library"
    lookup_field = "ref"
    lookup_value_regex = "[^/]+"

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Words that must all appear in the item."),
            OpenApiParameter("kind", str, description="Only items of this kind, e.g. criterion or question."),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_framework(self) -> Framework:
        return get_object_or_404(Framework, slug=self.kwargs["framework_slug"])

    def get_queryset(self):
        framework = self.get_framework()
        if not self.request.user.has_perm("frameworks.view_library"):
            raise PermissionDenied
        search = self.request.query_params.get("search", "").strip()
        kind = self.request.query_params.get("kind", "")
        if search:
            queryset = framework_selectors.item_search(query=search, framework_slug=framework.slug, kind=kind)
        else:
            queryset = FrameworkItem.objects.filter(framework=framework).select_related("framework")
            if kind:
                queryset = queryset.filter(kind=kind)
        return queryset.select_related("parent").order_by("sort_key")


@extend_schema(tags=["Commissioning activities"])
class CommissioningActivityViewSet(viewsets.ReadOnlyModelViewSet):
    """Commissioning activities with their nine steps. Providers and panel members see none."""

    serializer_class = serializers.CommissioningActivitySerializer
    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "cycle.view_activity_list"

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Part of the title or purpose."),
            OpenApiParameter("service_area", str),
            OpenApiParameter("cycle_year", int, description="2026 for 2026/27."),
            OpenApiParameter("status", str, enum=["planned", "active", "on_hold", "completed"]),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation, with no real user
            return CommissioningActivity.objects.none()
        params = self.request.query_params
        year = params.get("cycle_year", "")
        return cycle_selectors.activity_list(
            user=self.request.user,
            today=timezone.localdate(),
            search=params.get("search", "").strip(),
            service_area=params.get("service_area", ""),
            status=params.get("status", ""),
            cycle_year=whole_number(year),
            include_archived=self.action != "list",
        ).prefetch_related(
            "partners",
            "outcomes",
            Prefetch("steps", queryset=cycle_steps_queryset()),
            Prefetch("answers", queryset=answers_queryset()),
        )

    @extend_schema(
        request=serializers.StepStatusSerializer,
        responses={200: serializers.ActivityStepSerializer},
        parameters=[
            OpenApiParameter(
                "number",
                int,
                OpenApiParameter.PATH,
                enum=[1, 2, 3, 4, 5, 6, 7, 8, 9],
                description="The step, 1 to 9.",
            )
        ],
        description="Move a step to a new status. Refused with 400 and the reasons when the change is not allowed "
        "(for example not applicable without a reason, or a complete step changed without reopening it); when "
        "the step's gate refuses, the 400 lists every unmet condition in `unmet_conditions`. 409 when the step "
        "changed since `version`.",
    )
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<number>[1-9])/status")
    def step_status(self, request, pk=None, number=None):
        activity = self.get_object()
        if not request.user.has_perm("cycle.change_activity", activity):
            raise PermissionDenied("You cannot change this activity.")
        payload = serializers.StepStatusSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        step = get_object_or_404(ActivityStep, activity=activity, number=number)
        try:
            step = cycle_services.step_set_status(
                actor=request.user,
                step=step,
                status=payload.validated_data["status"],
                reason=payload.validated_data["reason"],
                expected_version=payload.validated_data.get("version"),
            )
        except ConflictError as exc:
            raise Conflict(exc.messages[0]) from exc
        except GateRefused as exc:
            return gate_refused_response(exc)
        step = cycle_steps_queryset().get(pk=step.pk)
        return Response(serializers.ActivityStepSerializer(step).data)

    @extend_schema(
        responses={200: serializers.GateSerializer(many=True)},
        description="Every gate of the activity (completing each step, starting a procurement) with each "
        "condition, whether it is met and, if not, why.",
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def gates(self, request, pk=None):
        activity = self.get_object()
        transitions = [(GateTransition.COMPLETE_STEP, n) for n in range(1, 10)]
        transitions.append((GateTransition.START_PROCUREMENT, None))
        data = []
        for transition, number in transitions:
            results = gates.evaluate(activity, transition, number)
            data.append(
                {
                    "transition": transition,
                    "step": number,
                    "open": all(result.met for result in results),
                    "conditions": results,
                }
            )
        return Response(serializers.GateSerializer(data, many=True).data)
