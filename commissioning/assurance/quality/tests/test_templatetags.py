from django.template import Context, Template

from commissioning.assurance.quality.models import CheckStatus


def test_every_status_reads_as_its_label_in_a_tag():
    template = Template("{% load quality_tags %}{% status_tag status %}")
    for status in CheckStatus:
        html = template.render(Context({"status": status.value}))
        assert html.startswith('<strong class="govuk-tag') and f">{status.label}</strong>" in html
    assert "govuk-tag--grey" in template.render(Context({"status": ""}))
