"""What a web page says about itself: outlet, title, date, author and URL.

trafilatura's metadata extraction (``trafilatura.extract_metadata``: meta tags, OpenGraph,
JSON-LD, the canonical link, and htmldate for the date) does the work. Two things are decided
here, because trafilatura decides them otherwise:

* **The outlet**, in this order: ``og:site_name``; the JSON-LD ``publisher.name``; the site name
  trafilatura finds in the other meta tags; the domain of the page's URL (canonical, else the
  address it was fetched from). trafilatura merges OpenGraph and JSON-LD by keeping the longer
  name, and when nothing names the site it takes a part of the ``<title>`` that contains a dot,
  which on "They called us terrorists. I was there. | Free Varossa Voice" is the headline: such
  a name is not taken.
* **Nothing invented.** A value the page does not give stays ``None``: the date comes from the
  page's markup and URL only (htmldate without its extensive search of the free text), and a
  byline's trailing date ("Ada Renko · January 12, 2025") is cut from the author.

``folder`` outlets (``--outlet-from folder``) rank after what the page names and before the
domain: :class:`PageMeta` keeps the two apart (``site_name``, ``domain``).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

# trafilatura.metadata.HTMLTITLE_REGEX's separators: "Headline | Site", "Headline - Site"
_TITLE_PARTS = re.compile(r"\s+[–•·—|⁄*⋆~‹«<›»>:-]\s+")
_BYLINE_TAIL = re.compile(r"\s+[·•|]\s+.*$")


@dataclass(frozen=True)
class PageMeta:
    """A page's metadata; ``None`` where the page does not give a value."""

    site_name: str | None = None  # what the page names itself (og:site_name, JSON-LD, meta tags)
    title: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD)
    author: str | None = None
    url: str | None = None  # canonical, else the address the page was fetched from
    domain: str | None = None  # of ``url``, without "www."

    def outlet(self, folder: str | None = None) -> str | None:
        """The outlet: what the page names, else ``folder`` (``--outlet-from folder``), else the
        domain of its URL."""
        return self.site_name or folder or self.domain


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def domain_of(url: str | None) -> str | None:
    """``northwire.example`` of ``https://www.northwire.example/world/a``; None for no URL."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _og_site_name(tree) -> str | None:
    for content in tree.xpath('//head/meta[@property="og:site_name"]/@content'):
        if name := _clean(content):
            return name
    return None


def _publisher_names(node: object, out: list[str], depth: int = 0) -> None:
    """``publisher.name`` of every JSON-LD object, depth first (``@graph`` and lists too)."""
    if depth > 8:
        return
    if isinstance(node, list):
        for item in node:
            _publisher_names(item, out, depth + 1)
    elif isinstance(node, dict):
        pub = node.get("publisher")
        if isinstance(pub, list) and pub:
            pub = pub[0]
        if isinstance(pub, dict) and (name := _clean(pub.get("name"))):
            out.append(name)
        elif isinstance(pub, str) and (name := _clean(pub)) and not name.startswith(("http", "#")):
            out.append(name)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in node:
                _publisher_names(node[key], out, depth + 1)


def _json_ld_publisher(tree) -> str | None:
    names: list[str] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        _publisher_names(data, names)
        if names:
            return names[0]
    return None


def _title_parts(tree) -> set[str]:
    titles = tree.xpath("//head//title")
    title = _clean(titles[0].text_content()) if titles else None
    if not title:
        return set()
    return {title, *(p.strip() for p in _TITLE_PARTS.split(title) if p.strip())}


def page_metadata(html: str, url: str | None = None) -> PageMeta:
    """The metadata of one HTML page (see the module's docstring). ``url``: the address it was
    fetched from, if any. Never raises: a page trafilatura cannot read gives what was found."""
    from trafilatura import extract_metadata, load_html

    og = publisher = meta = None
    parts: set[str] = set()
    try:
        tree = load_html(html)
        if tree is not None:
            og = _og_site_name(tree)
            publisher = _json_ld_publisher(tree) if og is None else None
            parts = _title_parts(tree)
            meta = extract_metadata(tree, default_url=url, extensive=False)
    except Exception as exc:  # noqa: BLE001 - hostile markup: what was found so far
        log.debug("page metadata failed: %s", exc)
    page_url = _clean(getattr(meta, "url", None)) or url
    domain = domain_of(page_url)
    site = og or publisher
    if site is None and meta is not None and (found := _clean(meta.sitename)):
        # trafilatura's fallbacks that are not the page naming itself: a part of the <title>
        # that holds a dot (meant for "example.org", it takes "They called us terrorists. I
        # was there." as well), or the URL's domain
        from_title = found in parts and "." in found and " " in found
        from_url = domain is not None and found.lower().removeprefix("www.") == domain
        if not from_title and not from_url:
            site = found
    author = _clean(getattr(meta, "author", None))
    if author:
        author = _clean(_BYLINE_TAIL.sub("", author))
    return PageMeta(
        site_name=site,
        title=_clean(getattr(meta, "title", None)),
        date=_clean(getattr(meta, "date", None)),
        author=author,
        url=page_url,
        domain=domain,
    )
