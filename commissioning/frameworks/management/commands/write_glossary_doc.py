from django.core.management.base import BaseCommand

from commissioning.frameworks.glossary import DOC_PATH, glossary_markdown


class Command(BaseCommand):
    help = "Write docs/glossary.md from the framework library's glossary."

    def handle(self, *args, **options):
        DOC_PATH.write_text(glossary_markdown(), encoding="utf-8")
        self.stdout.write(f"Wrote {DOC_PATH}")
