"""How area names are compared: the same authority is written differently by DfE, ONS, OHID and others."""

import re
import unicodedata

_TRAILING_QUALIFIER = re.compile(r"^(?P<place>.+?),\s*(?P<qualifier>city|county) of$")
_APOSTROPHES = re.compile(r"['’`]")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """The form used to match names: lower case, "&" as "and", no punctuation, "St." and "Saint" as "st",
    and "Bristol, City of" as "city of bristol".

    >>> normalise_name("Kingston Upon Hull, City of")
    'city of kingston upon hull'
    >>> normalise_name("St. Helens") == normalise_name("Saint Helens") == "st helens"
    True
    >>> normalise_name("Telford & Wrekin")
    'telford and wrekin'
    """
    text = unicodedata.normalize("NFKC", name or "").casefold().strip()
    text = _SPACES.sub(" ", text)
    match = _TRAILING_QUALIFIER.match(text)
    if match:
        text = f"{match['qualifier']} of {match['place']}"
    text = text.replace("&", " and ")
    text = _APOSTROPHES.sub("", text)
    text = _PUNCTUATION.sub(" ", text)
    words = ["st" if word == "saint" else word for word in text.split()]
    return " ".join(words)
