"""docs/glossary.md is generated from the library's glossary so the two cannot drift apart."""

from pathlib import Path

from commissioning.frameworks.schema import parse_framework
from commissioning.frameworks.services import DATA_DIRECTORY

GLOSSARY_FILE = DATA_DIRECTORY / "glossary.yaml"
DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"


def glossary_markdown(path: Path = GLOSSARY_FILE) -> str:
    glossary = parse_framework(path)
    lines = [
        "# Glossary",
        "",
        "Merged from the glossaries of the source documents; each term cites where it comes from.",
        f"Generated from `commissioning/frameworks/data/{path.name}` by `manage.py write_glossary_doc`.",
        "",
    ]
    for item in glossary.items:
        cited = "; ".join(f"{s['council']} {s['year']}" for s in item.sources) or glossary.source["council"]
        lines.append(f"**{item.title}** ({cited})  ")
        lines.append(item.text.replace("\n", " ") if item.text else "")
        for label, value in item.fields:
            text = "; ".join(value) if isinstance(value, list) else value
            lines.append(f"*{label}:* {text.replace(chr(10), ' ')}")
        lines.append("")
    return "\n".join(lines)
