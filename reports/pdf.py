"""HTML → PDF with WeasyPrint. Templates live in frontend_templates/reports/.

- Nothing is fetched while rendering: the URL fetcher allows `data:` only, so key frames are
  embedded as data URIs and the stylesheet is read from our own file. A template that pointed at
  the network or the file system would render without that resource rather than leak a request.
- Fonts are the system's DejaVu (fonts-dejavu-core), found through fontconfig.
- Paper: A4 or US Letter, chosen per request; the stylesheet sizes everything in mm/pt so both fit.
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import slugify

from dashboards.words import REVIEW
from reports.models import Paper
from reports.season import season_report_data
from reports.selectors import dancer_report_data
from studios.models import DancerProfile, Season, Studio

PAGE_SIZES = {Paper.A4: "A4", Paper.LETTER: "letter"}
STYLESHEET = Path(settings.BASE_DIR) / "frontend_templates" / "reports" / "print.css"


def _weasyprint():  # noqa: ANN202
    """Imported on first render: it is heavy, and its progress log (INFO per step) is noise here."""
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import weasyprint
    import weasyprint.text.fonts
    import weasyprint.urls

    return weasyprint


def safe_url_fetcher():  # noqa: ANN201 - weasyprint.urls.URLFetcher, imported lazily
    """Only data: URIs; http(s), file and everything else is refused (no network, no local files)."""
    return _weasyprint().urls.URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


@lru_cache(maxsize=1)
def _stylesheet_text() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _styles() -> tuple[Any, dict[Paper, list[Any]]]:
    """Font configuration and parsed stylesheets, built once per process (parsing is ~0.1 s a render).

    Safe to share: the stylesheet has no @font-face, and both objects are read-only during layout.
    """
    wp = _weasyprint()
    fonts = wp.text.fonts.FontConfiguration()
    fetcher = safe_url_fetcher()
    base = wp.CSS(string=_stylesheet_text(), font_config=fonts, url_fetcher=fetcher)
    # The page size is the only thing that differs between A4 and Letter.
    sheets = {
        paper: [base, wp.CSS(string=f"@page {{ size: {size}; }}", font_config=fonts, url_fetcher=fetcher)]
        for paper, size in PAGE_SIZES.items()
    }
    return fonts, sheets


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int
    seconds: float


def render_pdf(template: str, context: dict[str, Any], *, paper: str = Paper.A4) -> RenderedPdf:
    """Render a report template to PDF bytes on A4 or Letter."""
    if paper not in PAGE_SIZES:
        raise ValueError(f"unknown paper size {paper!r}")
    started = time.perf_counter()
    html = render_to_string(template, {**context, "paper": paper})
    wp = _weasyprint()
    fonts, sheets = _styles()
    document = wp.HTML(string=html, url_fetcher=safe_url_fetcher(), base_url=None).render(
        stylesheets=sheets[Paper(paper)], font_config=fonts
    )
    out = io.BytesIO()
    document.write_pdf(out)
    return RenderedPdf(
        content=out.getvalue(), pages=len(document.pages), seconds=time.perf_counter() - started
    )


def dancer_report_pdf(
    *, studio: Studio, dancer: DancerProfile, paper: str = Paper.A4, today: date | None = None
) -> RenderedPdf:
    """The family's screening report. `dancer` must already have passed can_view_dancer."""
    data = dancer_report_data(studio=studio, dancer=dancer, today=today)
    return render_pdf("reports/dancer_report.html", {"r": data, "review": REVIEW}, paper=paper)


def season_report_pdf(
    *, studio: Studio, season: Season, paper: str = Paper.A4, today: date | None = None
) -> RenderedPdf:
    data = season_report_data(studio=studio, season=season, today=today)
    return render_pdf("reports/season_report.html", {"r": data, "review": REVIEW}, paper=paper)


def report_filename(*parts: str) -> str:
    """An ASCII file name for Content-Disposition (names are slugified, never raw user text)."""
    return "-".join(slugify(p) for p in parts if p) + ".pdf"
