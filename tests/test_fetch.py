"""Fetching linked pages (issue 21): polite, bounded, cached, every failure a cause in words.
Every request goes to a server on 127.0.0.1 that the test starts."""

from __future__ import annotations

import time

import pytest

from framing import __version__
from framing.io.fetch import Fetcher

from _webserver import LocalSite, closed_port, html

ROBOTS = (200, {"Content-Type": "text/plain"},
          b"User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n")


def fetcher(tmp_path=None, **kw) -> Fetcher:
    kw.setdefault("delay", 0.0)
    kw.setdefault("timeout", 2.0)
    kw.setdefault("backoff", 0.01)
    return Fetcher(cache_dir=tmp_path, **kw)


def test_a_page_comes_with_its_final_url_charset_and_a_user_agent_naming_framing():
    routes = {"/robots.txt": ROBOTS, "/old": (301, {"Location": "/story"}, b""),
              "/story": html("<p>Talks resume.</p>")}
    with LocalSite(routes) as site:
        page = fetcher().fetch(site.base + "/old")
    assert page.error is None and b"Talks resume." in page.body
    assert page.final_url == site.base + "/story" and page.charset == "utf-8"
    assert site.paths() == ["/robots.txt", "/old", "/story"]
    assert all(ua.startswith(f"framing/{__version__} ") for _, ua in site.log)


@pytest.mark.parametrize("path, route, cause", [
    ("/missing", None, "HTTP 404 Not Found"),
    ("/gone", (410, {}, b""), "HTTP 410 Gone"),
    ("/private/memo", html("<p>secret</p>"), "disallowed by robots.txt"),
    ("/photo", (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n"),
     "not an HTML page (content type image/png)"),
    ("/doc.pdf", (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"),
     "not an HTML page (content type application/pdf)"),
    ("/huge", (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 5000),
     "too large: 5,003 bytes (limit 2,000)"),
    ("/huge-unsized", (200, {"Content-Type": "text/html", "Connection": "close"},
                       b"<p>" + b"x" * 5000), "too large: more than 2,000 bytes"),
    ("/to-private", (302, {"Location": "/private/memo"}, b""), "disallowed by robots.txt"),
])
def test_each_failure_is_its_cause_in_words(path, route, cause):
    routes = {"/robots.txt": ROBOTS, "/private/memo": html("<p>secret</p>")}
    if route is not None:
        routes[path] = route
    with LocalSite(routes) as site:
        page = fetcher(max_bytes=2000).fetch(site.base + path)
    assert page.body is None and page.error.startswith(cause), page.error
    assert "/private/memo" not in site.paths()  # robots.txt is obeyed on redirects too


def test_a_refused_connection_and_a_bad_address_are_errors_not_exceptions():
    f = fetcher()
    assert f.fetch(f"http://127.0.0.1:{closed_port()}/story").error.startswith(
        "connection refused")
    assert "not a web address" in f.fetch("ftp://example.org/a").error
    assert "not a web address" in f.fetch("http:///no-host").error


def test_5xx_is_retried_and_4xx_is_not():
    calls = {"n": 0}

    def flaky(_):
        calls["n"] += 1
        return (503, {}, b"busy") if calls["n"] < 3 else html("<p>Back.</p>")

    routes = {"/robots.txt": ROBOTS, "/flaky": flaky, "/down": (500, {}, b"")}
    with LocalSite(routes) as site:
        f = fetcher(retries=2)
        assert f.fetch(site.base + "/flaky").error is None
        assert f.fetch(site.base + "/down").error == "HTTP 500 Internal Server Error"
        assert f.fetch(site.base + "/missing").error == "HTTP 404 Not Found"
    assert site.paths().count("/flaky") == 3 and site.paths().count("/down") == 3
    assert site.paths().count("/missing") == 1


def test_a_timeout_is_retried_then_reported():
    def slow(_):
        time.sleep(0.6)
        return html("<p>late</p>")

    with LocalSite({"/robots.txt": ROBOTS, "/slow": slow}) as site:
        page = fetcher(timeout=0.2, retries=1).fetch(site.base + "/slow")
    assert page.error == "timed out after 0.2 s"
    assert site.paths().count("/slow") == 2


def test_one_request_at_a_time_per_host_with_the_delay_between():
    routes = {"/robots.txt": ROBOTS, **{f"/p{i}": html(f"<p>{i}</p>") for i in range(3)}}
    stamps = []
    with LocalSite(routes) as site:
        f = fetcher(delay=0.3)
        for i in range(3):
            f.fetch(site.base + f"/p{i}")
            stamps.append(time.monotonic())
    # robots.txt, then three pages: each at least the delay after the one before
    assert site.paths() == ["/robots.txt", "/p0", "/p1", "/p2"]
    assert stamps[1] - stamps[0] >= 0.29 and stamps[2] - stamps[1] >= 0.29


def test_a_robots_crawl_delay_longer_than_ours_wins():
    robots = (200, {}, b"User-agent: *\nCrawl-delay: 0.4\n")
    with LocalSite({"/robots.txt": robots, "/a": html("a"), "/b": html("b")}) as site:
        f = fetcher(delay=0.0)
        f.fetch(site.base + "/a")
        t0 = time.monotonic()
        f.fetch(site.base + "/b")
    assert time.monotonic() - t0 >= 0.39


@pytest.mark.parametrize("status, allowed", [(404, True), (403, False), (401, False)])
def test_robots_txt_answers_as_urllib_robotparser_reads_them(status, allowed):
    with LocalSite({"/robots.txt": (status, {}, b""), "/a": html("<p>a</p>")}) as site:
        page = fetcher().fetch(site.base + "/a")
    assert (page.error is None) is allowed, page.error
    assert ("/a" in site.paths()) is allowed


def test_a_robots_txt_server_error_forbids_the_site_for_this_run():
    with LocalSite({"/robots.txt": (503, {}, b""), "/a": html("<p>a</p>")}) as site:
        page = fetcher(retries=0).fetch(site.base + "/a")
    assert "robots.txt could not be read (HTTP 503" in page.error and "/a" not in site.paths()


def test_the_cache_answers_a_rerun_without_a_request(tmp_path):
    routes = {"/robots.txt": ROBOTS, "/a": html("<p>Talks.</p>"), "/down": (503, {}, b"")}
    urls = ["/a", "/missing", "/private/x", "/down"]
    with LocalSite(routes) as site:
        first = [fetcher(tmp_path, retries=0).fetch(site.base + u) for u in urls]
        n = len(site.log)
        again = fetcher(tmp_path, retries=0)
        second = [again.fetch(site.base + u) for u in urls]
        # the page, the 404 and the robots refusal come from the cache; the 503 may pass, so
        # it is asked again (robots.txt itself is cached)
        assert site.paths()[n:] == ["/down"]
    assert [p.from_cache for p in second] == [True, True, True, False]
    assert [(p.body, p.error) for p in first] == [(p.body, p.error) for p in second]
    assert again.from_cache == 3 and again.fetched == 1
