"""AreaResolver: codes, DfE codes and names to areas, in memory, with periods for reused codes and names."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.needs.areas.selectors import AmbiguousArea, AreaNotFound, AreaResolutionError, AreaResolver
from commissioning.needs.models import Area, AreaType
from commissioning.needs.tests.factories import AreaFactory


def test_it_is_built_in_three_queries_and_resolves_rows_without_more(areas):
    with CaptureQueriesContext(connection) as built:
        resolver = AreaResolver.build()
    assert len(built) == 3
    with CaptureQueriesContext(connection) as looked_up:
        for _ in range(100):
            resolver.by_code("E08000009")
            resolver.by_dfe_code("358")
            resolver.by_name("Bristol")
    assert len(looked_up) == 0
    assert len(resolver) == 175


def test_by_code(areas):
    resolver = AreaResolver.build()
    assert resolver.by_code("E08000009").name == "Trafford"
    assert resolver.by_code(" e08000009 ").name == "Trafford"
    with pytest.raises(AreaNotFound, match="No area has the code E06000999"):
        resolver.by_code("E06000999")
    with pytest.raises(AreaNotFound, match="not an ONS code"):
        resolver.by_code("Trafford")
    with pytest.raises(AreaNotFound, match=r"is a district .* --localities-of"):
        resolver.by_code("E07000004")
    with pytest.raises(AreaNotFound, match="is an electoral ward"):
        resolver.by_code("E05015239")


def test_by_dfe_code_uses_the_period_when_a_code_was_reused(areas):
    resolver = AreaResolver.build()
    assert resolver.by_dfe_code("358").code == "E08000009"
    assert resolver.by_dfe_code("825", on=date(2019, 3, 31)).code == "E10000002"
    assert resolver.by_dfe_code("825", on=date(2024, 3, 31)).code == "E06000060"
    assert resolver.by_dfe_code("825").code == "E06000060"
    assert resolver.by_dfe_code("815", on=date(2022, 3, 31)).code == "E10000023"
    with pytest.raises(AreaNotFound, match="No area has the DfE code “999”"):
        resolver.by_dfe_code("999")


def test_by_name_matches_names_and_aliases(areas):
    resolver = AreaResolver.build()
    assert resolver.by_name("Bristol").code == "E06000023"
    assert resolver.by_name("City of Bristol").code == "E06000023"
    assert resolver.by_name("kingston upon hull, city of").code == "E06000010"
    assert resolver.by_name("Bedford Borough").code == "E06000055"
    assert resolver.by_name("St Helens").code == "E08000013"
    assert resolver.by_name("North East Region").code == "E12000001"
    with pytest.raises(AreaNotFound, match="“Atlantis” is not the name of a known area"):
        resolver.by_name("Atlantis")


def test_a_name_shared_by_a_former_and_a_current_area(areas):
    resolver = AreaResolver.build()
    assert resolver.by_name("Dorset").code == "E06000059"
    assert resolver.by_name("Dorset", on=date(2018, 3, 31)).code == "E10000009"
    assert resolver.by_name("North Yorkshire", on=date(2024, 3, 31)).code == "E06000065"
    assert resolver.by_name("Bournemouth").code == "E06000028"


def test_a_name_two_current_areas_share_is_ambiguous(areas):
    AreaFactory(code="E06000999", name="St Helens")
    resolver = AreaResolver.build()
    with pytest.raises(AmbiguousArea) as caught:
        resolver.by_name("St. Helens")
    assert str(caught.value) == (
        "The name “St. Helens” matches more than one area: St Helens (E06000999), St. Helens (E08000013)."
    )
    assert {a.code for a in caught.value.candidates} == {"E06000999", "E08000013"}


def test_follow_successors(areas):
    resolver = AreaResolver.build()
    assert resolver.by_code("E10000023", follow_successors=True).code == "E06000065"
    assert resolver.by_code("E10000023", on=date(2022, 3, 31), follow_successors=True).code == "E10000023"
    assert resolver.by_code("E08000020", follow_successors=True).code == "E08000037"
    assert resolver.by_code("E08000009", follow_successors=True).code == "E08000009"
    with pytest.raises(AreaResolutionError, match="was replaced on 1 April 2021 by North Northamptonshire"):
        resolver.by_code("E10000021", follow_successors=True)


def test_resolve_uses_the_first_key_given(areas):
    resolver = AreaResolver.build()
    assert resolver.resolve(code="E08000009", dfe_code="825", name="Dorset").name == "Trafford"
    assert resolver.resolve(code="", dfe_code="358", name="Dorset").name == "Trafford"
    assert resolver.resolve(name="Trafford").code == "E08000009"
    with pytest.raises(AreaNotFound, match="no area code or name"):
        resolver.resolve(code=" ", name="")
    assert resolver.find(code="E06000999") is None
    assert resolver.find(name="Trafford").code == "E08000009"


def test_it_can_leave_out_localities_and_former_areas(areas):
    AreaFactory(code="E05015253", name="Old Trafford", area_type=AreaType.LOCALITY, authority_kind="")
    everything = AreaResolver.build()
    assert everything.by_name("Old Trafford").code == "E05015253"
    authorities = AreaResolver.build(area_types=[AreaType.LOCAL_AUTHORITY], current_only=True)
    assert authorities.find(name="Old Trafford") is None
    assert authorities.find(code="E10000023") is None
    assert authorities.by_name("Somerset").code == "E06000066"
    assert len(authorities) == Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY, end_date=None).count()
