"""The minutes as an A4 PDF through WeasyPrint.

Fonts come from our static files through a fetcher that reads the disk and refuses anything else,
so rendering never makes a network request; Vazirmatn gives Pango the Persian glyphs it joins and
orders right to left.
"""

import logging
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .chart import pace_chart
from .content import minutes_content

STATIC_BASE = "https://static.payesh.invalid/"


def _weasyprint():
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # else one INFO line per step
    import weasyprint  # imported on use: it loads Pango, and most requests never need it

    return weasyprint


def static_fetcher():
    weasyprint = _weasyprint()

    class StaticFileFetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}/" != STATIC_BASE:
                raise ValueError(f"only static files are fetched, not {url}")
            path = finders.find(unquote(parts.path).lstrip("/"))
            if not path:
                raise ValueError(f"no static file {parts.path}")
            with open(path, "rb") as f:
                return weasyprint.urls.URLFetcherResponse(url, f.read(), {"Content-Type": guess_type(path)})

    return StaticFileFetcher(fail_on_errors=True)


def guess_type(path):
    return {"ttf": "font/ttf", "woff2": "font/woff2", "css": "text/css", "svg": "image/svg+xml"}.get(
        path.rsplit(".", 1)[-1], "application/octet-stream")


def render_html(meeting):
    content = minutes_content(meeting)
    return render_to_string("meetings/pdf/minutes.html", {
        "meeting": meeting, "c": content, "chart": pace_chart(content.summary.centers),
    })


def write_pdf(html):
    """A4 PDF bytes of our own HTML, its fonts and styles read from the static files only (the
    minutes, and the director's digest)."""
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=html, base_url=STATIC_BASE, url_fetcher=static_fetcher()).write_pdf()


def render_pdf(meeting):
    return write_pdf(render_html(meeting))
