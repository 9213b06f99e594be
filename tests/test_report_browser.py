"""The HTML report in a real browser (issue 5): Debian's Chromium, headless, via Playwright.

Opens the report from a file URL and checks that nothing but the file itself is requested,
that the overview numbers match the scores file, that a table row opens the document view
with highlighted spans, and that the injection probes stay text. Screenshots go to
``artifacts/report-overview.png`` and ``artifacts/report-document.png``.

Skipped when /usr/bin/chromium is absent, unless the ``CI`` environment variable is set: then
it fails, so that CI cannot pass by skipping.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from test_report import PROBE_BODY, PROBE_TITLE, example_rows, make_row, wire_evidence, write_scores

from framing import schema
from framing.report import render_report

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# Record what the page tried, including anything the Content-Security-Policy blocked (a blocked
# fetch never reaches page.on("request"), so the CSP must not hide an attempt from the test).
INIT = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  function (e) { window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });
"""


def _need(what: str):
    if os.environ.get("CI"):
        pytest.fail(f"{what}; CI must run the browser tests (see .ci/run)")
    pytest.skip(what)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _need(f"{CHROMIUM} not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("playwright is not installed (pip install playwright; never 'playwright install')")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A page that records requests, dialogs and script errors from the moment it opens."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.add_init_script(INIT)
        self.url = url
        self.page.goto(url)
        self.page.wait_for_selector("#doc-table tbody tr")

    def close(self):
        self.context.close()

    def assert_offline_and_clean(self):
        others = [
            u
            for u in self.requests
            if u.split("#")[0] != self.url.split("#")[0] and not u.startswith("data:")
        ]
        assert others == [], f"the report requested {others}"
        assert self.page.evaluate("window.__violations") == []
        assert self.errors == []


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    return write_scores(example_rows(), tmp_path_factory.mktemp("report") / "scores.jsonl")


@pytest.fixture(scope="module")
def report(scores):
    return render_report(scores, scores.parent / "report.html")


def test_overview_matches_the_scores_file_and_nothing_is_fetched(browser, scores, report):
    rows = [json.loads(line) for line in scores.read_text(encoding="utf-8").splitlines()]
    status = Counter(r["status"] for r in rows)
    expected = {
        "read": len(rows),
        "scored": status["ok"],
        "abstained": status["abstained"],
        "failed": status["error"],
    }
    p = Page(browser, report.as_uri())
    try:
        for key, n in expected.items():
            assert p.page.inner_text(f"#n-{key}").replace(",", "") == str(n)
        assert p.page.inner_text("#table-status").startswith(
            f"{len(rows)} of {len(rows)} documents"
        )
        assert p.page.locator("#doc-table tbody tr").count() == len(rows)
        ARTIFACTS.mkdir(exist_ok=True)
        p.page.screenshot(path=str(ARTIFACTS / "report-overview.png"))
        p.assert_offline_and_clean()
    finally:
        p.close()


def test_a_table_row_opens_the_document_view_with_highlights(browser, report):
    p = Page(browser, report.as_uri())
    try:
        page = p.page
        assert not page.is_visible("#doc-view")
        page.click("#doc-table tbody tr:nth-child(1)")
        page.wait_for_selector("#doc-view[open]")
        assert page.inner_text("#dv-title") == "Budget story 0"
        text = page.inner_text("#dv-text")
        assert text.startswith("HELSINKI (Reuters)") and "scandal" in text
        own = page.locator("#dv-text .hl-t.own")
        assert own.count() == 1 and own.inner_text() == "scandal"  # the emoji before it counts
        assert "moral" in own.get_attribute("title") and "own voice" in own.get_attribute("title")
        quoted = page.locator("#dv-text .hl-t.quoted")
        assert quoted.inner_text() == "publish" and "hl-q" in quoted.get_attribute("class")
        assert page.locator("#dv-text .hl-q.direct").count() >= 1
        assert page.locator("#dv-text .hl-c").first.inner_text().startswith("HELSINKI")
        assert "wire" in page.inner_text("#dv-body .badge")
        # features in plain words; the code name is on hover and in data-feature
        pro = page.locator("#dv-body .contrib .for .feat").first
        assert pro.inner_text() == "Statements attributed to a source (per 100 words)"
        assert pro.get_attribute("data-feature") == "attribution_per_100w"
        assert pro.get_attribute("title").startswith("attribution_per_100w: attributions of any kind")
        con = page.locator("#dv-body .contrib .against .feat").first
        assert con.get_attribute("data-feature") == "loaded_own_per_100w"
        assert "loaded_own_per_100w" not in page.inner_text("#dv-body")
        link = page.locator("#dv-body a[href]")
        assert link.get_attribute("href") == "https://example.org/story"
        assert link.get_attribute("rel") == "noopener noreferrer"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report-document.png"))
        page.click("#dv-close")
        assert not page.is_visible("#doc-view")
        p.assert_offline_and_clean()
    finally:
        p.close()


def test_injection_probes_stay_text(browser, report):
    p = Page(browser, report.as_uri())
    try:
        page = p.page
        page.fill("#f-q", "img src")  # the probe's title
        assert page.locator("#doc-table tbody tr").count() == 1
        assert page.inner_text("#doc-table tbody tr .linkish") == PROBE_TITLE
        page.click("#doc-table tbody tr")
        page.wait_for_selector("#doc-view[open]")
        assert page.inner_text("#dv-title") == PROBE_TITLE
        assert page.inner_text("#dv-text") == PROBE_BODY
        assert page.locator("#dv-text .hl-t.own").inner_text() == "disaster"
        # the javascript: URL is shown, never linked
        assert page.locator("#dv-body a").count() == 0
        assert "javascript:alert(1)" in page.inner_text("#dv-body")
        # nothing the documents carry became an element
        assert (
            page.locator("main img, dialog img, #dv-body script, #dv-body svg, textarea").count()
            == 0
        )
        page.click("#dv-close")
        page.select_option("#f-outlet", "Opinion <b>Post</b>")
        assert page.locator("#doc-table tbody tr").count() == 1
        page.wait_for_timeout(200)  # give any onerror/onload a chance to run
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert p.dialogs == []
        p.assert_offline_and_clean()
    finally:
        p.close()


def test_table_pages_sorts_and_filters(browser, tmp_path):
    from playwright.sync_api import expect

    rows = [
        make_row(
            i,
            outlet=f"Outlet {i % 4}",
            label=schema.LABELS[i % 3],
            title=f"Story {i:03d}",
            **wire_evidence(i),
        )
        for i in range(130)
    ]
    for i, r in enumerate(rows):
        r["confidence"] = 0.4 + (i * 7 % 50) / 100
    out = render_report(write_scores(rows, tmp_path / "s.parquet"), tmp_path / "r.html")
    p = Page(browser, out.as_uri())
    try:
        page = p.page
        assert page.locator("#doc-table tbody tr").count() == 50
        assert page.inner_text("#pg-info") == "page 1 of 3"
        page.click("#pg-last")
        assert page.locator("#doc-table tbody tr").count() == 30
        page.select_option("#f-label", "wire")
        n_wire = sum(1 for r in rows if r["label"] == "wire")
        assert page.inner_text("#table-status").startswith(f"{n_wire} of 130")
        page.select_option("#f-outlet", "Outlet 1")
        expected = sum(1 for r in rows if r["label"] == "wire" and r["outlet"] == "Outlet 1")
        assert page.locator("#doc-table tbody tr").count() == expected
        page.fill("#f-cmin", "0.8")
        expected = [
            r
            for r in rows
            if r["label"] == "wire" and r["outlet"] == "Outlet 1" and r["confidence"] >= 0.8
        ]
        assert page.locator("#doc-table tbody tr").count() == len(expected)
        page.click("#filters button[type=reset]")
        expect(page.locator("#doc-table tbody tr")).to_have_count(50)  # no eval: the CSP forbids it
        page.click("#doc-table th[data-key=c] button")  # confidence, highest first
        first = page.inner_text("#doc-table tbody tr:nth-child(1) td:last-child")
        assert float(first) == pytest.approx(max(r["confidence"] for r in rows), abs=0.005)
        assert page.get_attribute("#doc-table th[data-key=c]", "aria-sort") == "descending"
        # a scatter point opens its document too
        page.locator("svg .pt").first.click(force=True)
        page.wait_for_selector("#doc-view[open]")
        p.assert_offline_and_clean()
    finally:
        p.close()
