"""Fetching the pages a user links to: politely, within bounds, and once.

:class:`Fetcher` gets one URL at a time (``fetch(url) -> Page``) and never raises for a URL:
a page that cannot be had comes back with ``error`` set to its cause in words ("HTTP 404 Not
Found", "disallowed by robots.txt", "not an HTML page (content type image/png)", "connection
refused", "timed out after 20 s", "too large: more than 10,000,000 bytes").

How it behaves towards the sites it visits:

* **robots.txt** of every host is read first (``urllib.robotparser``, with framing's
  User-Agent) and obeyed, on every redirect too; a ``Crawl-delay`` longer than ours is used. As
  in ``urllib.robotparser``, a robots.txt answered with 401 or 403 forbids the whole site, any
  other 4xx allows it, and a 5xx forbids it for this run; a host whose robots.txt cannot be
  reached at all (refused, timed out) is not asked for the page either: the page's error is
  that cause.
* **One request at a time per host, with a delay** (``delay`` seconds between the start of one
  request to a host and the next, robots.txt included). URLs are fetched in input order, one
  after another.
* **Bounded**: a connect and read timeout (``timeout``), a size limit on the decoded body
  (``max_bytes``; a ``Content-Length`` over it is refused before reading), at most
  ``max_redirects`` redirects, and ``retries`` more tries, with a growing pause, on 5xx answers
  and timeouts only (a ``Retry-After`` of up to ``MAX_RETRY_AFTER`` seconds is honoured); a
  refused connection, a 4xx or a wrong content type is final.
* It says who it is: ``User-Agent: framing/VERSION (...)``.
* **A disk cache** (``cache_dir``) keyed by the URL as given keeps every page fetched and every
  final answer (pages, HTTP 4xx but 429, robots.txt refusals, wrong content types, too large),
  and each host's robots.txt: a rerun fetches nothing it has. Failures that may pass (refused
  connections, timeouts, 5xx, 429) are not kept, so a rerun tries them again. Entries never
  expire: delete the folder (or an entry) to fetch again.

The HTTP client is urllib3 (a dependency of trafilatura's own downloads module, which is not
used here because it returns None on failure and logs the cause instead of reporting it, and
reads no robots.txt).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import time
import urllib.robotparser
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..version import __version__

log = logging.getLogger(__name__)

USER_AGENT = (f"framing/{__version__} (news framing and source-credibility classifier; "
              "fetches only the pages its user lists)")
# the name a robots.txt addresses us by ("User-agent: framing")
ROBOTS_NAME = "framing"
HTML_TYPES = ("text/html", "application/xhtml+xml")
DEFAULT_DELAY = 1.0
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 10_000_000
DEFAULT_RETRIES = 2
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 30.0  # seconds; a longer Retry-After ends the tries
MAX_CRAWL_DELAY = 60.0  # seconds; a robots.txt asking more is held to this
ROBOTS_MAX_BYTES = 500_000  # Google reads the first 500 KiB of a robots.txt
_CACHE_VERSION = 1


@dataclass
class Page:
    """One URL's answer. ``error`` is None for a page to read, else its cause in words."""

    url: str  # as asked
    final_url: str | None = None  # after redirects
    status: int | None = None
    content_type: str | None = None
    charset: str | None = None  # from the Content-Type header
    body: bytes | None = None
    error: str | None = None
    from_cache: bool = False


class _Transient(Exception):
    """A failure that may pass (timeout, refused connection): not cached, maybe retried."""

    def __init__(self, message: str, *, retry: bool):
        super().__init__(message)
        self.retry = retry


def is_url(text: str) -> bool:
    """True for an ``http://`` or ``https://`` address (what ``framing score`` fetches)."""
    return text.lower().startswith(("http://", "https://"))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _content_type(headers: Any) -> tuple[str | None, str | None]:
    raw = headers.get("Content-Type") if headers is not None else None
    if not raw:
        return None, None
    main, *params = [p.strip() for p in raw.split(";")]
    charset = None
    for p in params:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip("\"' ") or None
    return main.lower() or None, charset


class Fetcher:
    """Fetches pages politely (see the module's docstring). One instance per run: it keeps the
    robots.txt rules and the time of the last request of every host.

    ``requests`` counts the HTTP requests actually sent (robots.txt included); a rerun served
    from the cache sends none."""

    def __init__(self, *, cache_dir: str | os.PathLike[str] | None = None,
                 delay: float = DEFAULT_DELAY, timeout: float = DEFAULT_TIMEOUT,
                 max_bytes: int = DEFAULT_MAX_BYTES, retries: int = DEFAULT_RETRIES,
                 backoff: float = 1.0, user_agent: str = USER_AGENT,
                 max_redirects: int = MAX_REDIRECTS):
        if delay < 0 or timeout <= 0 or max_bytes < 1 or retries < 0:
            from ..errors import InputError

            raise InputError("fetching needs delay >= 0, timeout > 0, max_bytes >= 1 and "
                             "retries >= 0")
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        if self.cache_dir is not None:
            try:
                self.cache_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                from ..errors import InputError

                raise InputError(f"--cache {cache_dir}: cannot use it as the cache folder "
                                 f"({exc.strerror or exc}); name a folder") from exc
        self.delay = delay
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.user_agent = user_agent
        self.max_redirects = max_redirects
        self.requests = 0  # HTTP requests sent (robots.txt included)
        self.from_cache = 0  # URLs answered from the cache
        self.fetched = 0  # URLs answered over the network
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}
        self._last: dict[str, float] = {}
        self._pool: Any = None

    # -- the public call -------------------------------------------------------------------------

    def fetch(self, url: str) -> Page:
        """The page at ``url`` (from the cache when it holds it). Never raises for a URL."""
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return Page(url, error=f"not a web address: {url!r} (give an http:// or https:// URL)")
        cached = self._cache_get(url)
        if cached is not None:
            self.from_cache += 1
            return cached
        self.fetched += 1
        try:
            page = self._fetch(url)
        except _Transient as exc:
            return Page(url, error=str(exc))
        except Exception as exc:  # noqa: BLE001 - one URL never stops a run
            return Page(url, error=f"cannot fetch: {type(exc).__name__}: {exc}")
        self._cache_put(url, page)
        return page

    def close(self) -> None:
        if self._pool is not None:
            self._pool.clear()
            self._pool = None

    # -- HTTP ------------------------------------------------------------------------------------

    def _http(self):
        if self._pool is None:
            import urllib3

            self._pool = urllib3.PoolManager(
                num_pools=20,
                headers={"User-Agent": self.user_agent,
                         "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                         "Accept-Encoding": "gzip, deflate"},
                retries=False,
                timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout),
            )
        return self._pool

    def _wait_turn(self, origin: str) -> None:
        """One request at a time per host, ``delay`` (or the robots.txt Crawl-delay) apart."""
        delay = self.delay
        rules = self._robots.get(origin)
        if isinstance(rules, urllib.robotparser.RobotFileParser):
            asked = rules.crawl_delay(ROBOTS_NAME)
            if asked:
                delay = max(delay, min(float(asked), MAX_CRAWL_DELAY))
        last = self._last.get(origin)
        if last is not None:
            pause = last + delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last[origin] = time.monotonic()

    def _get(self, url: str, limit: int) -> tuple[int, Any, bytes | None, str | None]:
        """One GET, with the retries on 5xx and timeouts: ``(status, headers, body, too_large)``.
        The body is read only for a 2xx answer; ``too_large`` says why it was not."""
        import urllib3

        origin = _origin(url)
        attempt = 0
        while True:
            self._wait_turn(origin)
            self.requests += 1
            retry_after = None
            try:
                resp = self._http().request("GET", url, redirect=False, preload_content=False)
            except urllib3.exceptions.HTTPError as exc:
                err = _network_error(exc, self.timeout)
                if not err.retry or attempt >= self.retries:
                    raise err from None
            else:
                try:
                    status = resp.status
                    if status >= 500 and attempt < self.retries:
                        retry_after = _retry_after(resp.headers)
                        if retry_after is None or retry_after <= MAX_RETRY_AFTER:
                            resp.drain_conn()
                            attempt += 1
                            time.sleep(retry_after if retry_after is not None
                                       else self.backoff * attempt)
                            continue
                    if not 200 <= status < 300:
                        resp.drain_conn()
                        return status, resp.headers, None, None
                    declared = resp.headers.get("Content-Length")
                    if declared and declared.isdigit() and int(declared) > limit:
                        return status, resp.headers, None, (
                            f"too large: {int(declared):,} bytes (limit {limit:,})")
                    body = bytearray()
                    for chunk in resp.stream(65536, decode_content=True):
                        body += chunk
                        if len(body) > limit:
                            return status, resp.headers, None, (
                                f"too large: more than {limit:,} bytes (limit {limit:,})")
                    return status, resp.headers, bytes(body), None
                except urllib3.exceptions.HTTPError as exc:
                    err = _network_error(exc, self.timeout)
                    if not err.retry or attempt >= self.retries:
                        raise err from None
                finally:
                    resp.release_conn()
            attempt += 1
            time.sleep(self.backoff * attempt)

    # -- robots.txt ------------------------------------------------------------------------------

    def _rules(self, origin: str) -> urllib.robotparser.RobotFileParser:
        """The robots.txt rules of ``origin`` (fetched once; cached on disk with the pages)."""
        got = self._robots.get(origin)
        if isinstance(got, str):  # the host could not be reached for its robots.txt
            raise _Transient(got, retry=False)
        if got is not None:
            return got
        key = f"robots.txt of {origin}"
        entry = self._cache_get(key)
        if entry is None:
            try:
                status, _headers, body, _ = self._get(origin + "/robots.txt", ROBOTS_MAX_BYTES)
            except _Transient as exc:
                self._robots[origin] = f"{exc} (while reading robots.txt)"
                raise _Transient(self._robots[origin], retry=False) from None
            entry = Page(key, final_url=origin + "/robots.txt", status=status, body=body or b"")
            if status == 429 or status >= 500:
                # as urllib.robotparser and Google do: a server error on robots.txt forbids the
                # site for now (not cached: the next run asks again)
                self._robots[origin] = (f"robots.txt could not be read (HTTP {status} "
                                        f"{_reason(status)}); page not fetched")
                raise _Transient(self._robots[origin], retry=False)
            self._cache_put(key, entry)
        rules = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        status = entry.status or 0
        if status in (401, 403):
            rules.disallow_all = True
        elif status >= 400 or not entry.body:
            rules.allow_all = True
        else:
            rules.parse(entry.body.decode("utf-8", errors="replace").splitlines())
        self._robots[origin] = rules
        return rules

    # -- one URL ---------------------------------------------------------------------------------

    def _fetch(self, url: str) -> Page:
        current = url
        for _hop in range(self.max_redirects + 1):
            origin = _origin(current)
            rules = self._rules(origin)
            if not rules.can_fetch(ROBOTS_NAME, current):
                return Page(url, final_url=current,
                            error=f"disallowed by robots.txt ({origin}/robots.txt)")
            status, headers, body, too_large = self._get(current, self.max_bytes)
            if 300 <= status < 400 and headers.get("Location"):
                current = urljoin(current, headers["Location"])
                if urlsplit(current).scheme.lower() not in ("http", "https"):
                    return Page(url, final_url=current, status=status,
                                error=f"redirected to a non-web address: {current}")
                continue
            ctype, charset = _content_type(headers)
            page = Page(url, final_url=current, status=status, content_type=ctype,
                        charset=charset)
            if status == 429 or status >= 500:
                raise _Transient(f"HTTP {status} {_reason(status)}", retry=False)
            if not 200 <= status < 300:
                page.error = f"HTTP {status} {_reason(status)}"
            elif ctype is not None and ctype not in HTML_TYPES:
                page.error = f"not an HTML page (content type {ctype})"
            elif too_large:
                page.error = too_large
            else:
                page.body = body
            return page
        return Page(url, final_url=current, error=f"more than {self.max_redirects} redirects")

    # -- the cache -------------------------------------------------------------------------------

    def _cache_paths(self, key: str) -> tuple[Path, Path]:
        assert self.cache_dir is not None
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        folder = self.cache_dir / digest[:2]
        return folder / f"{digest}.json", folder / f"{digest}.body"

    def _cache_get(self, key: str) -> Page | None:
        if self.cache_dir is None:
            return None
        meta_path, body_path = self._cache_paths(key)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("version") != _CACHE_VERSION or meta.get("url") != key:
                return None
            body = body_path.read_bytes() if meta.pop("has_body", False) else None
        except (OSError, ValueError):
            return None
        fields = {k: meta.get(k) for k in ("final_url", "status", "content_type", "charset",
                                           "error")}
        return Page(key, body=body, from_cache=True, **fields)

    def _cache_put(self, key: str, page: Page) -> None:
        if self.cache_dir is None:
            return
        meta_path, body_path = self._cache_paths(key)
        meta = {k: v for k, v in asdict(page).items() if k not in ("body", "from_cache")}
        meta.update(version=_CACHE_VERSION, has_body=page.body is not None,
                    fetched_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    framing=__version__)
        try:
            meta_path.parent.mkdir(parents=True, exist_ok=True)
            if page.body is not None:
                _write_atomic(body_path, page.body)
            _write_atomic(meta_path, json.dumps(meta, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:  # a full disk costs a refetch next time, not this run
            log.warning("cannot write the fetch cache (%s): %s", meta_path, exc)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _retry_after(headers: Any) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "(unknown status)"


def _network_error(exc: Exception, timeout: float) -> _Transient:
    """A urllib3 error in words; timeouts may be retried, refusals and the rest not."""
    import urllib3

    cause: Any = exc
    while isinstance(cause, urllib3.exceptions.MaxRetryError) and cause.reason is not None:
        cause = cause.reason
    text = str(cause)
    # NewConnectionError (refused, DNS) is a subclass of ConnectTimeoutError in urllib3 2: first
    if isinstance(cause, urllib3.exceptions.NameResolutionError):
        return _Transient("host not found (DNS lookup failed)", retry=False)
    if isinstance(cause, urllib3.exceptions.NewConnectionError):
        if "refused" in text.lower():
            return _Transient("connection refused", retry=False)
        return _Transient(f"cannot connect: {text.split(': ', 1)[-1]}", retry=False)
    if isinstance(cause, (urllib3.exceptions.TimeoutError, socket.timeout, TimeoutError)):
        return _Transient(f"timed out after {timeout:g} s", retry=True)
    if isinstance(cause, urllib3.exceptions.SSLError):
        return _Transient(f"TLS error: {text}", retry=False)
    if isinstance(cause, (urllib3.exceptions.ProtocolError, urllib3.exceptions.DecodeError)):
        return _Transient(f"connection broken: {text}", retry=False)
    return _Transient(f"cannot fetch: {type(cause).__name__}: {text}", retry=False)
