"""The mappings shipped with the product for DfE files in common use (commissioning/needs/data/mappings/)."""

from dataclasses import dataclass
from pathlib import Path

import yaml

MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "data" / "mappings"


@dataclass(frozen=True)
class ShippedMapping:
    name: str
    description: str
    text: str


def shipped_mappings() -> list[ShippedMapping]:
    """Each shipped mapping with the first line of its opening comment as its description."""
    found = []
    for path in sorted(MAPPINGS_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        comment = [line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")]
        document = yaml.safe_load(text) or {}
        codes = [entry.get("indicator", "") for entry in document.get("indicators", [document])]
        description = " ".join(comment[:2]) if comment else ", ".join(codes)
        found.append(ShippedMapping(name=path.stem, description=description, text=text))
    return found


def shipped_mapping(name: str) -> ShippedMapping | None:
    return next((mapping for mapping in shipped_mappings() if mapping.name == name), None)
