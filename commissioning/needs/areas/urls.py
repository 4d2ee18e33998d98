from django.urls import path

from commissioning.needs.areas import views

urlpatterns = [
    path("", views.AreaListView.as_view(), name="area-list"),
    path("settings/", views.SettingsView.as_view(), name="area-settings"),
    path("<str:code>/", views.AreaDetailView.as_view(), name="area-detail"),
    path("<str:code>/history/", views.AreaHistoryView.as_view(), name="area-history"),
    path("<str:code>/other-names/add/", views.AliasAddView.as_view(), name="area-alias-add"),
    path(
        "<str:code>/other-names/<int:alias_pk>/remove/",
        views.AliasRemoveView.as_view(),
        name="area-alias-remove",
    ),
    path("<str:code>/neighbours/", views.NeighbourSetEditView.as_view(), name="area-neighbours"),
    path(
        "<str:code>/neighbours/history/",
        views.NeighbourSetHistoryView.as_view(),
        name="area-neighbours-history",
    ),
]
