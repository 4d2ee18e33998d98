from django.urls import path

from commissioning.needs.benchmark import group_views, views

urlpatterns = [
    path("indicators/<slug:code>/benchmark/", views.BenchmarkView.as_view(), name="benchmark"),
    path("indicators/<slug:code>/groups/", group_views.GroupsView.as_view(), name="indicator-groups"),
]
