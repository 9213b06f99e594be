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
from test_report import (
    PROBE_BODY,
    PROBE_TITLE,
    example_rows,
    make_row,
    style_rows,
    wire_evidence,
    write_scores,
)

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

    def __init__(self, browser, url: str, width: int = 1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900})
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


# -- issue 14: read by a journalist ----------------------------------------------------------------

# Every box that must not be cut: the page, each section, and each sideways-scrolling table box
# (its own table may be wider: that box then scrolls). Also every SVG label inside its chart.
OVERFLOW = """() => {
  const out = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > root.clientWidth) out.push(['page', root.scrollWidth, root.clientWidth]);
  document.querySelectorAll('main > section, header, footer').forEach(e => {
    if (e.scrollWidth > e.clientWidth) out.push([e.id || e.tagName, e.scrollWidth, e.clientWidth]);
  });
  document.querySelectorAll('main table').forEach(t => {
    const box = t.closest('.scroll') || t.parentElement;
    if (t.getBoundingClientRect().right > box.getBoundingClientRect().right + 1 && !t.closest('.scroll'))
      out.push(['table ' + (t.id || t.className), t.getBoundingClientRect().right, box.getBoundingClientRect().right]);
  });
  document.querySelectorAll('main svg').forEach((svg, k) => {
    const box = svg.getBoundingClientRect();
    svg.querySelectorAll('text').forEach(t => {
      const r = t.getBoundingClientRect();  // after rotation, in page pixels
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        out.push(['svg ' + k + ': ' + t.textContent, r.left, r.right, r.top, r.bottom, box.left, box.right, box.top, box.bottom]);
    });
    if (svg.getBoundingClientRect().right > svg.closest('section').getBoundingClientRect().right + 1)
      out.push(['svg ' + k + ' beyond its section']);
  });
  return out;
}"""


@pytest.fixture(scope="module")
def big_report(tmp_path_factory):
    """A corpus shaped like the training corpus: one outlet with 1,274 documents (its count label
    was clipped), 27 more with long names, low-confidence labels and style evidence."""
    base = style_rows()[:9]
    rows = []
    names = ["Daily Wire Service"] + [f"The Very Long Name of Regional Outlet Number {k}" for k in range(27)]
    for i in range(1_600):
        r = dict(base[i % 9])
        r.update(id=f"doc-{i}", outlet=names[0] if i < 1_274 else names[1 + i % 27],
                 source=f"corpus.jsonl:{i + 1}", label="wire" if i < 1_274 else r["label"])
        rows.append(r)
    path = write_scores(rows, tmp_path_factory.mktemp("big") / "big.jsonl")
    return render_report(path, path.parent / "big.html")


@pytest.fixture(scope="module")
def style_report(tmp_path_factory):
    path = write_scores(style_rows(), tmp_path_factory.mktemp("style") / "corpus.jsonl")
    return render_report(path, path.parent / "style.html")


@pytest.mark.parametrize("fixture", ["report", "big_report"])
def test_nothing_is_cut_off_at_1400_px_and_tables_scroll_visibly_at_800(browser, fixture, request):
    url = request.getfixturevalue(fixture).as_uri()
    p = Page(browser, url, width=1400)
    try:
        assert p.page.evaluate(OVERFLOW) == []
        wide = p.page.evaluate(
            "() => Array.from(document.querySelectorAll('.scroll'))"
            ".filter(b => b.scrollWidth > b.clientWidth).map(b => b.querySelector('table').id)"
        )
        assert wide == []  # every table fits at 1400 px: none needs to scroll
        ARTIFACTS.mkdir(exist_ok=True)
        p.page.screenshot(path=str(ARTIFACTS / f"report-{fixture}-1400.png"), full_page=True)
        p.assert_offline_and_clean()
    finally:
        p.close()
    p = Page(browser, url, width=800)
    try:
        problems = [o for o in p.page.evaluate(OVERFLOW) if not o[0].startswith("svg")]
        assert problems == []  # the page never scrolls sideways; wide tables scroll in their box
        boxes = p.page.locator(".scroll.overflows")
        for k in range(boxes.count()):  # each one says so above it, and no column is hidden
            box = boxes.nth(k)
            assert box.evaluate("b => b.previousElementSibling.className") == "scroll-note"
            assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto"
        assert p.page.locator("#label-table").evaluate("t => t.closest('.scroll').scrollWidth") > 760
        p.page.screenshot(path=str(ARTIFACTS / f"report-{fixture}-800.png"), full_page=True)
        p.assert_offline_and_clean()
    finally:
        p.close()


def test_every_feature_shown_has_its_plain_title(browser, style_report):
    from framing.features import FEATURES

    p = Page(browser, style_report.as_uri() + "#doc-1")
    try:
        page = p.page
        page.wait_for_selector("#doc-view[open]")
        page.click("#dv-body details summary")  # the main measures
        shown = page.evaluate(
            "() => Array.from(document.querySelectorAll('[data-feature]')).map("
            "e => [e.getAttribute('data-feature'), e.textContent, "
            "e.getAttribute('title') || (e.querySelector('title') || {}).textContent])"
        )
        codes = {c for c, _, _ in shown}
        assert {"attribution_per_100w", "loaded_own_per_100w", "said", "critics called"} <= codes
        for code, text, hover in shown:
            if code in FEATURES:
                assert FEATURES[code].title in text, (code, text)
                assert hover.startswith(code + ":"), (code, hover)  # the code name on hover
            elif code in ("said", "critics called"):
                assert text == f"\u201c{code}\u201d"
        visible = page.evaluate("() => document.body.innerText")
        leaked = [name for name in FEATURES if "_" in name and name in visible]
        assert leaked == [], f"code names shown as text: {leaked}"
        p.assert_offline_and_clean()
    finally:
        p.close()


def test_doc_hash_opens_the_row_with_that_number_and_the_title_names_the_input(browser, style_report):
    p = Page(browser, style_report.as_uri() + "#doc-6")
    try:
        page = p.page
        assert page.title() == "Framing report: corpus.jsonl (12 documents)"
        page.wait_for_selector("#doc-view[open]")
        row6 = page.locator("#doc-table tbody tr", has=page.locator("td.num", has_text="6")).first
        assert row6.locator("td").first.inner_text() == "6"
        assert page.inner_text("#dv-title") == row6.locator(".linkish").inner_text() == "Budget story 5"
        page.click("#dv-close")
        page.click("#doc-table tbody tr:nth-child(3)")
        page.wait_for_selector("#doc-view[open]")
        assert page.evaluate("location.hash") == "#doc-3"
        assert page.inner_text("#dv-title") == "Budget story 2"
        p.assert_offline_and_clean()
    finally:
        p.close()


def test_style_evidence_is_highlighted_with_its_direction(browser, style_report):
    p = Page(browser, style_report.as_uri() + "#doc-5")
    try:
        page = p.page
        page.wait_for_selector("#doc-view[open]")
        towards = page.locator("#dv-text .hl-s.towards")
        assert [towards.nth(k).inner_text() for k in range(towards.count())] == ["said", "said"]
        assert "towards" in towards.first.get_attribute("title")
        against = page.locator("#dv-text .hl-s.against")
        assert against.inner_text() == "Critics called"
        # the n-gram highlights sit alongside the quote and loaded-term highlights
        assert page.locator("#dv-text .hl-q.direct").count() >= 1
        assert page.locator("#dv-text .hl-t.own").inner_text() == "scandal"
        assert "low confidence" in page.inner_text("#dv-body")  # doc-4 is low-confidence
        assert page.locator("#doc-table .lowconf").count() == 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("#dv-text").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "report-style-evidence.png"))
        p.assert_offline_and_clean()
    finally:
        p.close()


def test_outlet_sentences_and_a_comparison_of_two_outlets(browser, style_report):
    p = Page(browser, style_report.as_uri())
    try:
        page = p.page
        sentences = page.locator("#outlet-sentences li")
        assert sentences.count() == 4
        assert "read as" in sentences.first.inner_text()
        heads = page.locator("#compare-table thead th")
        assert heads.nth(1).inner_text() == "Opinion Post" and heads.nth(2).inner_text() == "State Herald"
        page.select_option("#cmp-b", label="Daily Wire Service (3)")
        assert page.locator("#compare-table thead th").nth(2).inner_text() == "Daily Wire Service"
        assert "3 \u00b7 100%" in page.inner_text("#compare-table")  # its three wire labels
        p.assert_offline_and_clean()
    finally:
        p.close()


# -- issue 21: every outlet at once, and the readers' voice ---------------------------------------


def test_the_outlet_table_sorts_by_any_column_with_empty_cells_last(browser, style_report):
    p = Page(browser, style_report.as_uri())
    try:
        page = p.page

        def names():
            return page.eval_on_selector_all("#outlet-table tbody th[scope=row]",
                                             "ths => ths.map(t => t.textContent)")

        def column(k):
            return page.eval_on_selector_all(
                "#outlet-table tbody tr", f"rs => rs.map(r => r.cells[{k}].getAttribute('data-v'))")

        first = names()
        assert len(first) == 4 and "Opinion <b>Post</b>" in first  # a name stays text
        heads = page.locator("#outlet-table thead th")
        own = [k for k in range(heads.count()) if "Own-voice" in heads.nth(k).inner_text()][0]
        heads.nth(own).locator("button").click()  # highest first
        assert heads.nth(own).get_attribute("aria-sort") == "descending"
        values = [v for v in column(own) if v]
        assert values == sorted(values, key=float, reverse=True)
        assert all(v for v in column(own)[: len(values)])  # the empty ones (nothing counted) last
        heads.nth(own).locator("button").click()  # and lowest first
        values = [v for v in column(own) if v]
        assert values == sorted(values, key=float)
        heads.nth(0).locator("button").click()  # by name, A to Z
        assert names() == sorted(first, key=str.lower)
        p.assert_offline_and_clean()
    finally:
        p.close()


def test_the_document_view_shows_the_readers_voice_with_its_own_highlight_and_key(
        browser, tmp_path):
    from framing.document import Document
    from framing.pipeline import Scorer

    from _threads import SHAPES

    article, thread = SHAPES["sign-in prompt, numbered entries, presence lines"]
    scorer = Scorer()
    rows = [scorer.score(Document(id="commentary", text=article + "\n" + thread,
                                  outlet="Varossa Today", title="The humiliation")),
            scorer.score(Document(id="plain", text=article, outlet="Varossa Today"))]
    path = write_scores(rows, tmp_path / "threads.jsonl")
    report = render_report(path, tmp_path / "threads.html")
    p = Page(browser, report.as_uri() + "#doc-1")
    try:
        page = p.page
        page.wait_for_selector("#doc-view[open]")
        key = page.inner_text("#dv-body .key")
        assert "readers' comments (not the outlet's voice)" in key
        assert "loaded term, reader comment" in key
        region = page.locator("#dv-text .hl-cm")
        shown = "".join(region.nth(k).inner_text() for k in range(region.count()))
        assert shown.startswith("Dear reader, to leave comments") and "Ivan K" in shown
        readers = page.locator("#dv-text .hl-t.comment")
        words = {readers.nth(k).inner_text().lower() for k in range(readers.count())}
        assert {"russophobic", "reptile", "lies", "humiliation"} <= words
        assert "reader comment" in readers.first.get_attribute("title")
        # no highlight of the outlet's own voice inside the thread
        own_in_thread = page.eval_on_selector_all(
            "#dv-text .hl-t.own", "es => es.filter(e => e.classList.contains('hl-cm')).length")
        assert own_in_thread == 0
        own = page.locator("#dv-text .hl-t.own")
        assert "humiliation" in [own.nth(k).inner_text() for k in range(own.count())]
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("#dv-text .hl-cm").first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "report-comment-voice.png"))
        page.click("#dv-close")
        page.goto(report.as_uri() + "#doc-2")
        page.wait_for_selector("#doc-view[open]")
        assert "readers' comments" not in page.inner_text("#dv-body .key")
        p.assert_offline_and_clean()
    finally:
        p.close()
