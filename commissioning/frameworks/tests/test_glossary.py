from commissioning.frameworks.glossary import DOC_PATH, glossary_markdown


def test_glossary_doc_is_generated_from_the_library():
    assert DOC_PATH.read_text(encoding="utf-8") == glossary_markdown(), (
        "docs/glossary.md is out of date: run `manage.py write_glossary_doc`"
    )
