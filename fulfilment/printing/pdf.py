"""The printed documents as PDF: the same HTML the browser prints, through WeasyPrint.

WeasyPrint needs Pango at run time (Debian: libpango-1.0-0 libpangoft2-1.0-0, and fonts such as
fonts-dejavu-core; .ci/run installs them). Without them `import weasyprint` fails; the portal
still starts and a PDF download answers a page saying PDFs are unavailable (`UNAVAILABLE`).

The stylesheets are read from the static files, not over HTTP: the HTML is given a base URL on a
host that does not exist (`BASE_URL`), and the fetcher answers the URLs under STATIC_URL on it
from the staticfiles finders (or STATIC_ROOT) and refuses every other URL, so rendering a PDF
never needs a running server and nothing in a document can make the server fetch anything.
"""
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

try:
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse
except (ImportError, OSError) as error:  # OSError: Pango or its libraries are missing
    weasyprint = None
    URLFetcher, URLFetcherResponse = object, None
    UNAVAILABLE = f"{type(error).__name__}: {error}"
else:
    UNAVAILABLE = ""

logger = logging.getLogger(__name__)

HOST = "print.invalid"
BASE_URL = f"https://{HOST}/"


class PdfUnavailable(Exception):
    """WeasyPrint cannot run here; the message says why."""


def static_file(url: str) -> Path | None:
    """The file a static URL on BASE_URL's host names, or None."""
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if parts.scheme != "https" or parts.netloc != HOST or not parts.path.startswith(prefix):
        return None
    relative = unquote(parts.path[len(prefix):])
    if not relative or ".." in Path(relative).parts or "\x00" in relative:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / relative
    return collected if collected.is_file() else None


class StaticFilesOnly(URLFetcher):
    """Answers the portal's static files from disk and refuses any other URL."""

    def fetch(self, url, headers=None):
        path = static_file(url)
        if path is None:
            raise ValueError(f"Printing fetches only the portal's static files, not {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def render_pdf(html: str):
    """The laid-out document (weasyprint.Document: .pages, .write_pdf()). Raises PdfUnavailable."""
    if weasyprint is None:
        raise PdfUnavailable(UNAVAILABLE)
    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly(), media_type="print").render()


def write_pdf(html: str) -> bytes:
    return render_pdf(html).write_pdf()
