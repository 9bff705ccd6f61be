"""PDF documents drawn with WeasyPrint from Django templates: the home-program handout and the
discharge summary. Nothing is fetched while drawing (no network, no files): every style is
inline and the graphs are inline SVG."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine

# interop is a package, not an app: its document templates are loaded by their own engine.
TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def _engine() -> Engine:
    # The display vocabulary's filters ({% load words %}): PDFs use the pages' words.
    return Engine(
        dirs=[str(TEMPLATES)],
        autoescape=True,
        libraries={"words": "medmassage.words.templatetags.words"},
    )


class ExternalResourceRefused(Exception):
    """A document tried to load something from outside itself."""


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # Documents carry client data; a template must never make the server fetch a URL.
    raise ExternalResourceRefused(f"PDF documents load nothing from outside: {url}")


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The template rendered to HTML, then drawn as a PDF."""
    import weasyprint  # imported on use: it loads Pango, which only PDF requests need

    html = _engine().get_template(template_name).render(Context(context))
    document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch)
    return bytes(document.write_pdf())


def home_program_handout(context: dict[str, Any]) -> bytes:
    """The client's handout: clinic, therapist, date and each exercise's instructions and dose."""
    return render_pdf("interop/home_program_handout.html", context)


def discharge_summary(context: dict[str, Any]) -> bytes:
    """The discharge summary with first and last measures and the graphs."""
    return render_pdf("interop/discharge_summary.html", context)


def referral_letter(context: dict[str, Any]) -> bytes:
    """A referral letter: to whom, why, the findings with their urgency, the question."""
    return render_pdf("interop/referral_letter.html", context)


def progress_report(context: dict[str, Any]) -> bytes:
    """A progress report: measures with graphs, attendance, what was done, the recommendation."""
    return render_pdf("interop/progress_report.html", context)


def visit_note(context: dict[str, Any]) -> bytes:
    """A signed visit note (SOAP) with the treatment given, as the FHIR API serves it."""
    return render_pdf("interop/visit_note.html", context)


def receipt(context: dict[str, Any]) -> bytes:
    """A receipt for a payment (or a refund), with its invoice and what is still due."""
    return render_pdf("interop/receipt.html", context)


def superbill(context: dict[str, Any]) -> bytes:
    """The superbill: CPT codes with units, ICD-10-CM pointers, NPI, licence and tax id."""
    return render_pdf("interop/superbill.html", context)
