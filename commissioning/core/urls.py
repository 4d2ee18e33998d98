from django.urls import path
from django.views.generic import TemplateView

from commissioning.core import health, views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "accessibility/", TemplateView.as_view(template_name="core/accessibility.html"), name="accessibility"
    ),
    path("privacy/", TemplateView.as_view(template_name="core/privacy.html"), name="privacy"),
    path("cookies/", TemplateView.as_view(template_name="core/cookies.html"), name="cookies"),
    path("healthz", health.health, name="health"),
]
