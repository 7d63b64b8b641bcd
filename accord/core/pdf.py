"""PDFs drawn on the server with WeasyPrint, from HTML that may use only local static files:
nothing is ever fetched from the network while a document is rendered (docs/security.md)."""

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs (Pango) are missing on this server."""


def allowed_static_roots() -> list[Path]:
    """Where the PDF renderer may read from: the collected static files and the source ones."""
    roots = [Path(settings.STATIC_ROOT)]
    for entry in settings.STATICFILES_DIRS:
        roots.append(Path(entry[1] if isinstance(entry, tuple | list) else entry))
    return [root.resolve() for root in roots]


def local_static_path(url: str) -> Path | None:
    """The file a `file:` URL names, if it lies inside one of the static roots; else None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    if not path.is_file():
        return None
    if not any(path.is_relative_to(root) for root in allowed_static_roots()):
        return None
    return path


def static_files_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves local static files and refuses everything else
    (http, https, ftp, data, files elsewhere on disk). A refused resource is left out of the
    PDF with a warning in the log; nothing is ever fetched from the network."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = local_static_path(url)
            if path is None:
                raise ValueError("Only local static files may be fetched while rendering a PDF.")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticFilesOnlyFetcher(allowed_protocols=["file"])


def stylesheet_uris(names: tuple[str, ...]) -> list[str]:
    """The file: addresses of static stylesheets, for the PDF renderer's static-only fetcher."""
    found = (finders.find(name) for name in names)
    return [Path(path).resolve().as_uri() for path in found if path]


def pdf_from_html(html: str) -> bytes:
    try:
        # Imported here: it loads Pango through ctypes, which a server without it lacks; the
        # JSON export and the rest of Accord must work there all the same.
        from weasyprint import HTML
    except (ImportError, OSError) as missing:
        raise PdfUnavailable from missing
    return HTML(string=html, url_fetcher=static_files_only_fetcher()).write_pdf()
