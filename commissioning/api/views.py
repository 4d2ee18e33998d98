from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.exceptions import PermissionDenied

from commissioning.api import serializers
from commissioning.frameworks import selectors as framework_selectors
from commissioning.frameworks.models import Framework, FrameworkItem
from commissioning.organisations import selectors as organisation_selectors


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
