"""Provider quality checks in the API: the requirements, and each provider's checks with their evidence and
status. Partnership roles read every provider's checks; a provider user's token sees and submits only its own
organisation's; commissioners and monitoring officers verify or reject. Files are uploaded through the site."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from commissioning.api.views import Conflict
from commissioning.assurance.quality import selectors, services
from commissioning.assurance.quality.models import CheckStatus, ProviderCheck, Requirement
from commissioning.core.exceptions import ConflictError
from commissioning.core.params import whole_number
from commissioning.organisations.models import Organisation


def _person(user) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


class RequirementSerializer(serializers.ModelSerializer):
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Requirement
        fields = [
            "id",
            "code",
            "title",
            "guidance",
            "standard_ref",
            "standard_title",
            "source_text",
            "validity_months",
            "archived",
            "version",
        ]


class ProviderCheckSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    requirement_code = serializers.CharField(source="requirement.code", read_only=True)
    requirement_title = serializers.CharField(source="requirement.title", read_only=True)
    status = serializers.SerializerMethodField(help_text="Expired when the expiry date has passed.")
    status_label = serializers.SerializerMethodField()
    has_file = serializers.SerializerMethodField()
    submitted_by = serializers.SerializerMethodField()
    verified_by = serializers.SerializerMethodField()

    class Meta:
        model = ProviderCheck
        fields = [
            "id",
            "provider",
            "provider_name",
            "requirement",
            "requirement_code",
            "requirement_title",
            "status",
            "status_label",
            "evidence_text",
            "has_file",
            "file_name",
            "adopted_on",
            "last_reviewed_on",
            "expires_on",
            "submitted_at",
            "submitted_by",
            "verified_at",
            "verified_by",
            "rejection_reason",
            "version",
        ]

    def get_status(self, check) -> str:
        return check.effective_status(timezone.localdate())

    def get_status_label(self, check) -> str:
        return CheckStatus(self.get_status(check)).label

    def get_has_file(self, check) -> bool:
        return bool(check.file)

    def get_submitted_by(self, check) -> str | None:
        return _person(check.submitted_by)

    def get_verified_by(self, check) -> str | None:
        return _person(check.verified_by)


class SubmitSerializer(serializers.Serializer):
    provider = serializers.IntegerField(help_text="The provider organisation's id.")
    requirement = serializers.IntegerField(help_text="The requirement's id.")
    evidence_text = serializers.CharField(allow_blank=True)
    adopted_on = serializers.DateField(required=False, allow_null=True, default=None)
    last_reviewed_on = serializers.DateField(required=False, allow_null=True, default=None)
    expires_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Blank: last review plus the validity."
    )
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The check's version when updating it."
    )


class VerifySerializer(serializers.Serializer):
    version = serializers.IntegerField(
        help_text="The check's version when you read it; a stale one gets 409."
    )


class RejectSerializer(VerifySerializer):
    reason = serializers.CharField(allow_blank=True)


@extend_schema(tags=["Provider quality checks"])
class RequirementViewSet(viewsets.ReadOnlyModelViewSet):
    """What every commissioned provider must evidence, mapped to the Gateshead quality standards."""

    serializer_class = RequirementSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.requirement_list(include_archived=self.action != "list")


@extend_schema(tags=["Provider quality checks"])
class ProviderCheckViewSet(viewsets.ReadOnlyModelViewSet):
    """Providers' evidence against each requirement. A requirement with no check is not provided."""

    serializer_class = ProviderCheckSerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("provider", int, description="The provider organisation's id."),
            OpenApiParameter("requirement", int),
            OpenApiParameter("status", str, enum=[s for s in CheckStatus.values if s != "not_provided"]),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProviderCheck.objects.none()
        queryset = selectors.checks_visible_to(self.request.user).order_by(
            "provider__name", "requirement__position"
        )
        params = self.request.query_params
        for name, field in (("provider", "provider_id"), ("requirement", "requirement_id")):
            if (number := whole_number(params.get(name))) is not None:
                queryset = queryset.filter(**{field: number})
        wanted = params.get("status", "")
        today = timezone.localdate()
        if wanted == CheckStatus.EXPIRED:
            queryset = queryset.filter(
                status__in=[CheckStatus.AWAITING, CheckStatus.VERIFIED], expires_on__lt=today
            )
        elif wanted in (CheckStatus.AWAITING, CheckStatus.VERIFIED):
            queryset = queryset.filter(status=wanted, expires_on__gte=today)
        elif wanted == CheckStatus.REJECTED:
            queryset = queryset.filter(status=wanted)
        return queryset

    def _respond(self, call, code=status.HTTP_200_OK):
        try:
            check = call()
        except ConflictError as exc:
            raise Conflict(exc.messages[0]) from exc
        return Response(ProviderCheckSerializer(self.get_queryset().get(pk=check.pk)).data, status=code)

    @extend_schema(request=SubmitSerializer, responses={201: ProviderCheckSerializer})
    @action(detail=False, methods=["post"])
    def submit(self, request):
        """Submit or update a provider's evidence for a requirement (provider users, for their own only)."""
        if not request.user.has_perm("quality.use_portal"):
            raise PermissionDenied("You may submit evidence only for your own organisation.")
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        provider = Organisation.objects.active().filter(pk=values["provider"]).first()
        if provider is None or not request.user.has_perm("quality.submit_check", provider):
            raise PermissionDenied("You may submit evidence only for your own organisation.")
        requirement = Requirement.objects.active().filter(pk=values["requirement"]).first()
        if requirement is None:
            raise serializers.ValidationError({"requirement": ["No requirement in use has this id."]})
        return self._respond(
            lambda: services.check_submit(
                actor=request.user,
                provider=provider,
                requirement=requirement,
                evidence_text=values["evidence_text"],
                adopted_on=values["adopted_on"],
                last_reviewed_on=values["last_reviewed_on"],
                expires_on=values["expires_on"],
                expected_version=values["version"],
            ),
            code=status.HTTP_201_CREATED,
        )

    def _verifier_check(self, request) -> ProviderCheck:
        if not request.user.has_perm("quality.verify_checks"):
            raise PermissionDenied("Only commissioners and monitoring officers verify checks.")
        try:
            return self.get_queryset().get(pk=int(self.kwargs["pk"]))
        except (ProviderCheck.DoesNotExist, ValueError) as exc:
            raise Http404("No such check") from exc

    @extend_schema(request=VerifySerializer, responses=ProviderCheckSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        check = self._verifier_check(request)
        data = VerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            lambda: services.check_verify(
                actor=request.user, check=check, expected_version=data.validated_data["version"]
            )
        )

    @extend_schema(request=RejectSerializer, responses=ProviderCheckSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        check = self._verifier_check(request)
        data = RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            lambda: services.check_reject(
                actor=request.user,
                check=check,
                reason=data.validated_data["reason"],
                expected_version=data.validated_data["version"],
            )
        )
