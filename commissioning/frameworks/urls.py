from django.urls import path

from commissioning.frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("", views.LibraryView.as_view(), name="list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("<slug:slug>/", views.FrameworkDetailView.as_view(), name="detail"),
    path("<slug:slug>/history/", views.FrameworkHistoryView.as_view(), name="history"),
    path("<slug:slug>/items/<str:ref>/", views.ItemDetailView.as_view(), name="item"),
    path("<slug:slug>/items/<str:ref>/local/", views.LocalVariationView.as_view(), name="item-local"),
    path("<slug:slug>/items/<str:ref>/history/", views.ItemHistoryView.as_view(), name="item-history"),
]
