from django.conf import settings

from commissioning.core.navigation import navigation_for


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "organisation_name": settings.ORGANISATION_NAME,
        "service_contact_email": settings.SERVICE_CONTACT_EMAIL,
        "navigation": navigation_for(request),
        "csp_nonce": getattr(request, "csp_nonce", ""),
    }
