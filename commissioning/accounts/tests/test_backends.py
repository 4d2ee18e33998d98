import pytest
from django.contrib.auth.models import Group, Permission

from commissioning.accounts.models import User
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import UserFactory, person_with_role

pytestmark = pytest.mark.django_db


def _admin_permission() -> Permission:
    return Permission.objects.get(codename="change_agreement", content_type__app_label="contracts")


def test_staff_have_the_django_admin_permissions_given_to_them_and_their_groups():
    person = UserFactory(is_staff=True)
    person.user_permissions.add(_admin_permission())
    group = Group.objects.create(name="Contracts administrators")
    group.permissions.add(
        Permission.objects.get(codename="view_agreement", content_type__app_label="contracts")
    )
    person.groups.add(group)

    person = User.objects.get(pk=person.pk)

    assert person.has_perm("contracts.change_agreement")
    assert person.has_perm("contracts.view_agreement")


def test_anyone_else_has_only_what_their_roles_allow(django_assert_num_queries):
    person = person_with_role(Role.PROVIDER_USER)
    person.user_permissions.add(_admin_permission())
    person = User.objects.get(pk=person.pk)

    with django_assert_num_queries(1):  # the roles, read once; no permission tables
        assert not person.has_perm("contracts.change_agreement")
        assert not person.has_perm("contracts.change_agreements")
    assert person.has_perm("contracts.view_agreements")
