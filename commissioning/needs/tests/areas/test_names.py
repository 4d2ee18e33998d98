import pytest

from commissioning.needs.areas.names import normalise_name


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Kingston Upon Hull, City of", "Kingston upon Hull, City of"),
        ("Bristol, City of", "City of Bristol"),
        ("Herefordshire, County of", "County of Herefordshire"),
        ("St. Helens", "St Helens"),
        ("Saint Helens", "St Helens"),
        ("Telford & Wrekin", "Telford and Wrekin"),
        ("Stockton-on-Tees", "Stockton on Tees"),
        ("King's Lynn and West Norfolk", "Kings Lynn and West Norfolk"),
        ("  Richmond   upon  Thames ", "Richmond upon Thames"),
        ("BARKING AND DAGENHAM", "Barking and Dagenham"),
    ],
)
def test_spellings_of_the_same_name_match(first, second):
    assert normalise_name(first) == normalise_name(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("City of London", "London"),
        ("Kingston upon Hull", "Kingston upon Hull, City of"),
        ("Durham", "County Durham"),
        ("Bedford Borough", "Bedford"),
        ("North Yorkshire UA", "North Yorkshire"),
    ],
)
def test_different_names_do_not_match_without_an_alias(first, second):
    assert normalise_name(first) != normalise_name(second)


def test_the_normalised_form():
    assert normalise_name("Bournemouth, Christchurch and Poole") == "bournemouth christchurch and poole"
    assert normalise_name("Bristol, City of") == "city of bristol"
    assert normalise_name("") == ""
    assert normalise_name("—") == ""
