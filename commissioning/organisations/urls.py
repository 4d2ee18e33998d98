from django.urls import path

from commissioning.organisations import views

app_name = "organisations"

urlpatterns = [
    path("organisations/", views.OrganisationListView.as_view(), name="list"),
    path("organisations/add/", views.OrganisationCreateView.as_view(), name="create"),
    path("organisations/<int:pk>/", views.OrganisationDetailView.as_view(), name="detail"),
    path("organisations/<int:pk>/history/", views.OrganisationHistoryView.as_view(), name="history"),
    path("organisations/<int:pk>/change/", views.OrganisationUpdateView.as_view(), name="update"),
    path("organisations/<int:pk>/archive/", views.OrganisationArchiveView.as_view(), name="archive"),
    path("organisations/<int:pk>/restore/", views.OrganisationRestoreView.as_view(), name="restore"),
    path("people/", views.PeopleListView.as_view(), name="people"),
    path("people/add/", views.PersonCreateView.as_view(), name="person-create"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("people/<int:pk>/history/", views.PersonHistoryView.as_view(), name="person-history"),
    path("people/<int:pk>/change/", views.PersonUpdateView.as_view(), name="person-update"),
    path("people/<int:pk>/invite/", views.PersonInviteView.as_view(), name="person-invite"),
    path(
        "people/<int:pk>/deactivate/", views.PersonActiveView.as_view(active=False), name="person-deactivate"
    ),
    path(
        "people/<int:pk>/reactivate/", views.PersonActiveView.as_view(active=True), name="person-reactivate"
    ),
    path("people/<int:pk>/roles/add/", views.MembershipAddView.as_view(), name="membership-add"),
    path(
        "people/<int:pk>/roles/<int:membership_pk>/remove/",
        views.MembershipRemoveView.as_view(),
        name="membership-remove",
    ),
]
