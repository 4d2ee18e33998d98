from django.urls import path

from commissioning.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.JobRunListView.as_view(), name="list"),
    path("<int:pk>/", views.JobRunDetailView.as_view(), name="detail"),
    path("<int:pk>/run-again/", views.JobRunAgainView.as_view(), name="run-again"),
]
