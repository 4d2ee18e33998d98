"""The characteristics of service users a return counts: fixed groups, so returns add up across providers."""

CHARACTERISTICS = {
    "age": (
        "Age",
        ["Under 5", "5 to 10", "11 to 15", "16 to 18", "19 to 25", "Over 25"],
    ),
    "gender": ("Gender", ["Female", "Male", "Another gender or not known"]),
    "ethnicity": (
        "Ethnic group",
        [
            "White",
            "Mixed or multiple ethnic groups",
            "Asian or Asian British",
            "Black, Black British, Caribbean or African",
            "Other ethnic group",
            "Not known",
        ],
    ),
    "disability": ("Disability", ["Disabled", "Not disabled", "Not known"]),
}


def field_name(characteristic: str, index: int) -> str:
    return f"char_{characteristic}_{index}"
