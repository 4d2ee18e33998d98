from django.urls import path

from commissioning.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.DueSoonView.as_view(), name="due"),
]
