"""Rendering Django templates to PDF with WeasyPrint, fetching nothing it is not given.

Safety: the URL fetcher serves only the project's own static files, the prepared PDF fonts
(core.pdf_fonts) and data: URIs such as QR codes made in memory; file:, http(s): and every
other URL is refused, so no text that came from a party can make the renderer read a local
file or reach the network. Everything a template prints is autoescaped by Django as usual.

Speed: a worker keeps one font configuration, with the prepared font slices registered once,
and the parsed stylesheets; a document then costs its layout plus subsetting the few small
slices its characters come from (see docs/performance.md). Pango is not thread-safe, so
renders in one process take turns.
"""

import logging
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# WeasyPrint logs every step of every document at INFO (from its import on); refused fetches
# stay visible (ERROR).
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError  # noqa: E402

from . import pdf_fonts  # noqa: E402

# Templates refer to static files as /static/...; relative to this base they resolve to it.
PDF_BASE_URL = "https://pdf.invalid/"
_STATIC_PREFIX = "/static/"
_FONT_PREFIX = "/fonts/"


class StaticOnlyFetcher(URLFetcher):
    def __init__(self, font_files: dict[str, Path] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.font_files = font_files or {}

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if parts.scheme == "https" and parts.netloc == "pdf.invalid" and not parts.query:
            path = unquote(parts.path)
            if path.startswith(_STATIC_PREFIX) and ".." not in path:
                found = finders.find(path[len(_STATIC_PREFIX) :])
                if found:
                    # Without a content type WeasyPrint takes a stylesheet for text/plain
                    # and ignores it.
                    content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                    with open(found, "rb") as handle:
                        return URLFetcherResponse(
                            url, handle.read(), headers={"Content-Type": content_type}
                        )
            # Only the files named in the font manifest, never a path built from the URL.
            font = path.startswith(_FONT_PREFIX) and self.font_files.get(path[len(_FONT_PREFIX) :])
            if font:
                return URLFetcherResponse(url, font.read_bytes())
        raise URLFetchingError(f"refused to fetch {url!r}: only the project's static files")


@dataclass
class _Renderer:
    """What a worker keeps between documents."""

    font_config: FontConfiguration
    fetcher: StaticOnlyFetcher
    font_css: CSS
    font_stack: str
    stylesheets: dict  # static path -> (mtime, CSS)


_lock = threading.Lock()
_renderer: _Renderer | None = None


def _build_renderer() -> _Renderer:
    directory = pdf_fonts.font_dir()
    slices = pdf_fonts.prepare(directory)
    fetcher = StaticOnlyFetcher(font_files={s.file: directory / s.file for s in slices})
    font_config = FontConfiguration()
    faces = "".join(
        f"@font-face {{ font-family: '{s.family}'; src: url({_FONT_PREFIX[1:]}{s.file}); "
        f"font-weight: {s.weight}; }}\n"
        for s in slices
    )
    families = sorted({s.family for s in slices})
    font_stack = ", ".join(f"'{f}'" for f in families) + ", serif"
    font_css = CSS(
        string=faces + f"html {{ font-family: {font_stack}; }}",
        base_url=PDF_BASE_URL,
        url_fetcher=fetcher,
        font_config=font_config,
    )
    return _Renderer(font_config, fetcher, font_css, font_stack, {})


def _get_renderer() -> _Renderer:
    global _renderer
    if _renderer is None:
        _renderer = _build_renderer()
    return _renderer


def reset() -> None:
    """Forget the worker's fonts and stylesheets (tests that change the font directory)."""
    global _renderer
    with _lock:
        _renderer = None


def _stylesheet(renderer: _Renderer, static_path: str) -> CSS:
    found = finders.find(static_path)
    if not found:
        raise FileNotFoundError(static_path)
    mtime = Path(found).stat().st_mtime
    cached = renderer.stylesheets.get(static_path)
    if cached is None or cached[0] != mtime:
        css = CSS(
            filename=found,
            base_url=PDF_BASE_URL + "static/" + static_path,
            url_fetcher=renderer.fetcher,
            font_config=renderer.font_config,
        )
        cached = renderer.stylesheets[static_path] = (mtime, css)
    return cached[1]


def render_pdf(template_name: str, context: dict, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    """Render a template to PDF. `stylesheets` are static paths (e.g. "documents/pdf.css"),
    parsed once per worker."""
    return render_pdf_pages(template_name, context, stylesheets=stylesheets)[0]


def render_pdf_pages(
    template_name: str, context: dict, *, stylesheets: tuple[str, ...] = ()
) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    html = render_to_string(template_name, context)
    return _html_to_pdf_pages(html, stylesheets)


def html_to_pdf(html: str, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    return _html_to_pdf_pages(html, stylesheets)[0]


def _html_to_pdf_pages(html: str, stylesheets: tuple[str, ...]) -> tuple[bytes, int]:
    with _lock:
        document = _layout(html, stylesheets)
        return document.write_pdf(), len(document.pages)


def layout_html(html: str, *, stylesheets: tuple[str, ...] = ()):
    """The laid-out pages (WeasyPrint's Document) without the PDF: tests look at the boxes."""
    with _lock:
        return _layout(html, stylesheets)


def _layout(html: str, stylesheets: tuple[str, ...]):
    renderer = _get_renderer()
    sheets = [renderer.font_css, *(_stylesheet(renderer, s) for s in stylesheets)]
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=renderer.fetcher).render(
        font_config=renderer.font_config, stylesheets=sheets
    )
