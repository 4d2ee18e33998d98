"""Open data: the OCDS 1.1.5 release package of the procurements, awards and contracts."""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions
from rest_framework.views import APIView

from commissioning.api.views import HasPermission
from commissioning.publishing import ocds


@extend_schema(tags=["Open data"])
class OcdsReleasePackageView(APIView):
    """The same release package as `manage.py export_ocds`: one release per published procurement or grant round
    (tender, awards, contracts) and per agreement entered directly. Valid against OCDS 1.1.5."""

    permission_classes = [permissions.IsAuthenticated, HasPermission]
    required_permission = "publishing.view_publishing"

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        if not ocds.has_releases():
            raise exceptions.NotFound(
                "Nothing to publish: no procurement has been published and no agreement is in force. "
                "An OCDS release package must hold at least one release."
            )
        # Streamed a release at a time: memory stays flat however many contracting processes there are.
        return StreamingHttpResponse(ocds.stream_release_package(), content_type="application/json")
