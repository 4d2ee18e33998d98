"""Render a template to a tagged, accessible PDF (PDF/UA-1): headings, tables and language marked up, so
screen readers can read it. Nothing is fetched from the network: only the product's own static files."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

PDF_STYLESHEET = "reports/pdf.css"


class FetchRefused(ValueError):
    pass


def _static_roots() -> list[Path]:
    return [Path(directory).resolve() for directory in settings.STATICFILES_DIRS]


def static_file_for(url: str) -> Path:
    """The product's static file a document asks for, or FetchRefused for anything else."""
    path = url.removeprefix("file://")
    if path.startswith(settings.STATIC_URL):
        relative = path.removeprefix(settings.STATIC_URL)
        for root in _static_roots():
            candidate = (root / relative).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                return candidate
    raise FetchRefused(f"Only the product's own static files can be used in a PDF, not {url}")


def static_only_fetcher():
    """A WeasyPrint URL fetcher that serves /static/… from the product's static folders and refuses the rest."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = static_file_for(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return StaticOnlyFetcher(fail_on_errors=False)


def render_pdf(template_name: str, context: dict, *, title: str) -> bytes:
    """A tagged PDF/UA-1 document in British English, titled `title`."""
    from django.utils import timezone
    from weasyprint import CSS, HTML

    html = render_to_string(
        template_name,
        {
            "organisation_name": settings.ORGANISATION_NAME,
            "today": timezone.localdate(),
            **context,
            "document_title": title,
        },
    )
    stylesheet = CSS(filename=str(Path(__file__).resolve().parent / "pdf.css"))
    document = HTML(string=html, base_url=settings.STATIC_URL, url_fetcher=static_only_fetcher())
    return document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1", uncompressed_pdf=False)


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "document"}.pdf"'
    return response
