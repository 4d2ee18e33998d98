import factory

from commissioning.accounts.models import User
from commissioning.organisations.models import Membership, Organisation, OrganisationType, Role, Sector


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    organisation_type = OrganisationType.VOLUNTARY_COMMUNITY_FAITH
    sector = Sector.VOLUNTARY_COMMUNITY_FAITH
    is_partner = False
    is_provider = True


class PartnerFactory(OrganisationFactory):
    organisation_type = OrganisationType.LOCAL_AUTHORITY
    sector = Sector.STATUTORY
    is_partner = True
    is_provider = False


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(PartnerFactory)
    role = Role.COMMISSIONER


def person_with_role(role: str, organisation: Organisation | None = None, **kwargs) -> User:
    if organisation is None:
        organisation = OrganisationFactory() if role == Role.PROVIDER_USER else PartnerFactory()
    user = UserFactory(**kwargs)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user
