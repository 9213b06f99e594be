"""Turn scores rows into one self-contained HTML file.

The report reads output rows only (``framing.schema``); it never imports the model or the
feature extractor. Aggregates (counts, shares, term tables, charts) are computed here over all
rows and drawn as inline SVG; the per-document data the page's script needs (table, document
view) travels as JSON inside ``<script type="application/json">``, escaped so that a
``</script>`` in an article cannot end the block. The script writes document text with
``textContent`` only.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import __version__, schema
from ..errors import InputError
from . import svg
from .reader import feature_columns, normalise_rows, read_scores
from .stats import summary, wilson_interval

# -- what the report shows; adjust here ---------------------------------------------------------
SCATTER_X = "attribution_per_100w"
SCATTER_Y = "loaded_own_per_100w"
MAIN_FEATURES = (
    "attribution_per_100w",
    "loaded_own_per_100w",
    "loaded_quoted_per_100w",
    "quote_direct_per_100w",
    "anonymous_source_share",
    "sentiment_mean",
    "flesch_reading_ease",
    "first_person_per_100w",
)
# Loaded-term categories in plain words (the lexicon files keep the code names).
CATEGORY_TITLES = {
    "terror_violence": "terror and violence",
    "delegitimising": "delegitimising",
    "conspiracy_blame": "conspiracy and blame",
    "dehumanising_insult": "insults and dehumanising words",
    "loaded_language": "emotive language",
    "scare_labels": "scare labels (\u201cso-called\u201d)",
    "scare_quotes": "scare quotes",
    "glorification": "glorification",
}
LABEL_PHRASES = {"wire": "wire reporting", "state": "state framing", "partisan": "partisan commentary"}
# A quoted speaker counts as an official when these words name an office (English speakers only).
OFFICIAL_WORDS = re.compile(
    r"\b(officials?|minist(?:er|ry|ries)|government|president|presidential|prime minister|"
    r"spokes(?:man|woman|person)|police|army|military|authorities|department|secretary|governor|"
    r"mayor|embassy|prosecutors?|kremlin|white house|pentagon|cabinet|parliament|senator|"
    r"lawmakers?|commission(?:er)?|council|chancellor|ambassador|general|commander)\b",
    re.I,
)
MAX_OUTLET_SENTENCES = 40  # outlets summarised in words (the comparison menu lists them all)
TOP_OUTLET_TERMS = 3  # loaded terms named per outlet sentence
PAGE_SIZE = 50  # table rows drawn at once
MAX_CHART_OUTLETS = 25  # outlets in the share chart (the table lists all of them)
MAX_SCATTER_POINTS = 6_000  # beyond this an evenly spaced sample is drawn (and the page says so)
TOP_TERMS = 15  # loaded terms per category
TOP_TERM_OUTLETS = 5  # outlets listed per term
TOP_FEATURES_EACH_WAY = 6  # contributions for and against shown in the document view
MAX_FULL_TEXT_CHARS = 100_000  # one huge document must not blow the file size alone
MAX_MB = 25.0  # default size budget: snippets shrink (not below MIN_SNIPPET_CHARS) to stay under it
MIN_SNIPPET_CHARS = 160
CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)
UNKNOWN_OUTLET = "(outlet unknown)"

# Each document travels as an array in this order (keys once, not 20,000 times); the page's
# script turns them back into objects. Short keys: t title, o outlet, s status, l label,
# c confidence, p probabilities, r reason, u url, d date, x text, cut full length when trimmed,
# q quotes, lt loaded terms, cr credits, tf contributions (with style spans), f main features,
# m model and feature set that labelled the document, lc low confidence.
DOC_KEYS = [
    "id",
    "t",
    "o",
    "lang",
    "s",
    "l",
    "c",
    "p",
    "r",
    "src",
    "u",
    "d",
    "x",
    "cut",
    "q",
    "lt",
    "cr",
    "tf",
    "f",
    "m",
    "lc",
]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_NON_BMP = re.compile("[\U00010000-\U0010ffff]")
_SOURCE_LINE = re.compile(r"^(.*):\d+$")


def render_report(
    scores: str | Path | Sequence[dict[str, Any]],
    out_path: str | Path,
    *,
    title: str | None = None,
    full_text_limit: int = 2000,
    snippet_chars: int = 600,
    model_dir: str | Path | None = None,
    max_mb: float | None = MAX_MB,
) -> Path:
    """Write the HTML report of a scores file (or of rows already in memory) to ``out_path``.

    ``full_text_limit``: how many documents (in file order) keep their full text; the others
    keep the first ``snippet_chars`` characters. If the file would still exceed ``max_mb``
    megabytes, those snippets are shortened (to no less than 160 characters) until it fits, and
    the overview says so; ``max_mb=None`` turns that off.
    ``model_dir``: where to find ``metrics.json`` (a model directory, or a folder of them);
    the shipped ``models/`` by default.
    """
    if full_text_limit < 0 or snippet_chars < 0:
        raise InputError("full_text_limit and snippet_chars must be 0 or more")
    scores_path: Path | None = None
    if isinstance(scores, (str, Path)):
        scores_path = Path(scores)
        rows = read_scores(scores_path)
    else:
        rows = normalise_rows(scores, where="rows")
    html = build_html(
        rows,
        title=title,
        scores_path=scores_path,
        full_text_limit=full_text_limit,
        snippet_chars=snippet_chars,
        model_dir=Path(model_dir) if model_dir is not None else None,
        max_mb=max_mb,
    )
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out


def build_html(
    rows: list[dict[str, Any]],
    *,
    title: str | None = None,
    scores_path: Path | None = None,
    full_text_limit: int = 2000,
    snippet_chars: int = 600,
    model_dir: Path | None = None,
    max_mb: float | None = MAX_MB,
) -> str:
    cols = list(dict.fromkeys(k for r in rows[:50] for k in r))
    feats = feature_columns(cols, rows)
    labels = _labels(rows)
    outlets_known = any(r.get("outlet") for r in rows)
    corpus = _corpus_name(rows, scores_path)
    n_docs = f"{len(rows):,} document{'' if len(rows) == 1 else 's'}"
    ctx: dict[str, Any] = {
        "title": title or f"Framing report: {corpus} ({n_docs})",
        "corpus": corpus,
        "csp": CSP,
        "labels": labels,
        "label_symbols": {lab: svg.symbol(lab) for lab in labels},
        "overview": _overview(rows, scores_path, model_dir, feats),
        "outlets_known": outlets_known,
        "generator": f"framing {__version__}",
    }
    ctx.update(_label_distribution(rows, labels, outlets_known))
    ctx.update(_feature_landscape(rows, labels, feats))
    ctx.update(_loaded_terms(rows, outlets_known))
    ctx["features"] = _feature_infos([*MAIN_FEATURES, SCATTER_X, SCATTER_Y, *feats])
    ctx["category_titles"] = CATEGORY_TITLES
    ctx["label_phrases"] = LABEL_PHRASES
    profiles = _outlet_profiles(rows, labels) if outlets_known else []
    ctx["outlet_sentences"] = [_outlet_sentence(p, labels) for p in profiles[:MAX_OUTLET_SENTENCES]]
    ctx["outlets_not_summarised"] = max(0, len(profiles) - MAX_OUTLET_SENTENCES)
    ctx["low_confidence_known"] = any("low_confidence" in r for r in rows[:1000]) or any(
        r.get("low_confidence") for r in rows
    )
    ctx["problems"] = _problems(rows)
    ctx["page_size"] = PAGE_SIZE
    ctx["full_text_limit"] = full_text_limit
    ctx["asked_snippet_chars"] = snippet_chars
    env = _env()
    ctx["css"] = Markup((_TEMPLATES / "report.css").read_text(encoding="utf-8"))
    ctx["js"] = Markup((_TEMPLATES / "report.js").read_text(encoding="utf-8"))
    template = env.get_template("report.html.j2")
    snip = snippet_chars
    budget = None if max_mb is None else int(max_mb * 1e6)
    for _ in range(5):  # shrink the snippets until the file fits the budget
        payload = _payload(rows, labels, full_text_limit, snip)
        payload["outlets"] = [_profile_json(p, labels) for p in profiles]
        payload["compare_features"] = {
            k: [f, _ftitle(f), _fmeaning(f)]
            for k, f in (("attribution", "attribution_per_100w"), ("quotes", "quote_direct_per_100w"))
        }
        ctx["trimmed"] = payload["trimmed"]
        ctx["snippet_chars"] = snip
        ctx["max_mb"] = max_mb
        ctx["data_json"] = Markup(json_for_script(payload))
        html = template.render(**ctx)
        size = len(html.encode("utf-8"))
        if budget is None or size <= budget or not payload["trimmed"] or snip <= MIN_SNIPPET_CHARS:
            break
        # bytes over budget spread over the trimmed texts, with 5% to spare
        snip = max(MIN_SNIPPET_CHARS, int(snip - 1.05 * (size - budget) / payload["trimmed"]))
    return html


def json_for_script(obj: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` survive literally, so
    neither ``</script>`` nor ``<!--`` in a document can end or bend the block."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,  # document text is untrusted web text; never |safe on it
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = svg.pct
    env.filters["num"] = _num_fmt
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.filters["plural"] = _plural
    return env


# -- overview ----------------------------------------------------------------------------------


def _overview(rows, scores_path, model_dir, feats) -> dict[str, Any]:
    status = Counter(r.get("status") or "unknown" for r in rows)
    langs = Counter((r.get("language") or "unknown") for r in rows)
    mixed = sum(
        1
        for r in rows
        if isinstance(r.get("languages"), dict)
        and sum(1 for v in r["languages"].values() if isinstance(v, (int, float)) and v >= 0.1) > 1
    )
    run_dates = sorted({str(r[k]) for r in rows for k in ("scored_at", "run_at") if r.get(k)})
    if run_dates:
        run = run_dates[0] if len(run_dates) == 1 else f"{run_dates[0]} to {run_dates[-1]}"
    elif scores_path is not None:
        mtime = _dt.datetime.fromtimestamp(scores_path.stat().st_mtime, tz=_dt.timezone.utc)
        run = f"{mtime:%Y-%m-%d %H:%M} UTC (when the scores file was written)"
    else:
        run = "not recorded"
    model_names = Counter(r.get("model") for r in rows if r.get("model"))
    return {
        "scores_file": scores_path.name if scores_path else None,
        "run": run,
        "rendered": f"{_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        "read": len(rows),
        "scored": status.get("ok", 0),
        "abstained": status.get("abstained", 0),
        "failed": status.get("error", 0),
        "other_status": {k: v for k, v in status.items() if k not in schema.STATUSES},
        "truncated": sum(1 for r in rows if r.get("truncated")),
        "duplicates": sum(1 for r in rows if r.get("duplicate_id")),
        "languages": langs.most_common(),
        "mixed_language": mixed,
        "models": [
            {"name": name, "docs": n, **_model_info(name, model_dir)}
            for name, n in model_names.most_common()
        ],
        "feature_sets": sorted({str(r["feature_set"]) for r in rows if r.get("feature_set")}),
        "features": feats,
    }


def _model_info(name: str, model_dir: Path | None) -> dict[str, Any]:
    candidates: list[Path] = []
    if model_dir is not None:
        candidates += [model_dir / "metrics.json", model_dir / name / "metrics.json"]
    else:
        try:
            from ..resources import data_dir

            candidates.append(data_dir("models") / name / "metrics.json")
        except OSError:
            pass
    for path in candidates:
        if not path.is_file():
            continue
        try:
            metrics = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(metrics, dict):
            continue
        cv = metrics.get("grouped_cv") if isinstance(metrics.get("grouped_cv"), dict) else {}
        f1 = cv.get("macro_f1")
        card = path.parent / "MODEL_CARD.md"
        return {
            "version": metrics.get("version"),
            "trained_at": metrics.get("trained_at"),
            "macro_f1": f"{f1:.3f}" if isinstance(f1, (int, float)) and math.isfinite(f1) else None,
            "card": f"{path.parent.name}/MODEL_CARD.md" if card.is_file() else None,
        }
    return {"version": None, "trained_at": None, "macro_f1": None, "card": None}


def _input_name(src: str) -> str:
    """The input a row came from: the row file (``dump.jsonl`` of ``dump.jsonl:12``), or the
    folder of a file read from a folder (``articles`` of ``articles/a/b.txt``)."""
    src = src.replace("\\", "/")
    m = _SOURCE_LINE.match(src)
    if m:  # a row file: name it by its last two path parts at most
        parts = [p for p in m.group(1).split("/") if p]
        return "/".join(parts[-2:]) or m.group(1)
    parts = [p for p in src.split("/") if p]
    if len(parts) <= 1:
        return parts[0] if parts else src
    if src.startswith("/") or re.match(r"^[A-Za-z]:/", src):  # absolute: the file's folder
        return parts[-2]
    return parts[0]


def _corpus_name(rows, scores_path: Path | None) -> str:
    names: Counter[str] = Counter()
    for r in rows:
        src = r.get("source")
        if src in (None, ""):
            continue
        name = _input_name(str(src))
        if name:
            names[name] += 1
    if names:
        top = [n for n, _ in names.most_common(2)]
        if len(names) <= 2:
            return " and ".join(top)
        return f"{top[0]}, {top[1]} and {len(names) - 2} more"
    if scores_path is not None:
        return scores_path.name.split(".")[0] or scores_path.name
    return "scores"


# -- label distribution --------------------------------------------------------------------------


def _labels(rows) -> list[str]:
    seen = {r.get("label") for r in rows if r.get("label")}
    return [*schema.LABELS, *sorted(str(x) for x in seen - set(schema.LABELS))]


def _group_stats(name: str, group: list[dict], labels: list[str]) -> dict[str, Any]:
    scored = [r for r in group if r.get("status") == "ok" and r.get("label")]
    n = len(scored)
    counts = Counter(r["label"] for r in scored)
    shares = {}
    for lab in labels:
        lo, hi = wilson_interval(counts.get(lab, 0), n)
        probs = [r.get(f"p_{lab}") for r in scored if r.get(f"p_{lab}") is not None]
        shares[lab] = {
            "count": counts.get(lab, 0),
            "share": counts.get(lab, 0) / n if n else None,
            "lo": lo,
            "hi": hi,
            "mean_p": sum(probs) / len(probs) if probs else None,
        }
    status = Counter(r.get("status") for r in group)
    return {
        "name": name,
        "docs": len(group),
        "n": n,
        "abstained": status.get("abstained", 0),
        "failed": status.get("error", 0),
        "low": sum(1 for r in scored if r.get("low_confidence")),
        "shares": shares,
    }


def _label_distribution(rows, labels, outlets_known) -> dict[str, Any]:
    overall = _group_stats("All documents", rows, labels)
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    if outlets_known:
        for r in rows:
            by_outlet[str(r.get("outlet") or UNKNOWN_OUTLET)].append(r)
    outlet_stats = sorted(
        (_group_stats(name, g, labels) for name, g in by_outlet.items()),
        key=lambda g: (-g["docs"], g["name"]),
    )
    charted = [overall, *[g for g in outlet_stats if g["n"] > 0][:MAX_CHART_OUTLETS]]
    return {
        "overall": overall,
        "outlet_stats": outlet_stats,
        "share_chart": svg.label_share_chart([g for g in charted if g["n"] > 0], labels),
        "chart_outlets_left_out": max(
            0, sum(1 for g in outlet_stats if g["n"] > 0) - MAX_CHART_OUTLETS
        ),
    }


# -- feature landscape -------------------------------------------------------------------------


def _feature_landscape(rows, labels, feats) -> dict[str, Any]:
    have = set(feats)
    for r in rows[:1000]:
        have.update(k for k in (SCATTER_X, SCATTER_Y, *MAIN_FEATURES) if k in r)
    points = []
    unmeasured = 0
    for i, r in enumerate(rows):
        if r.get("status") == "error":
            continue
        x, y = r.get(SCATTER_X), r.get(SCATTER_Y)
        if not isinstance(x, (int, float)) or not isinstance(y, (int, float)):
            unmeasured += 1
            continue
        who = r.get("title") or r.get("id")
        hover = f"{r.get('outlet') or UNKNOWN_OUTLET} · {who}"
        points.append((float(x), float(y), r.get("label"), hover, i))
    sampled = len(points) > MAX_SCATTER_POINTS
    if sampled:
        step = len(points) / MAX_SCATTER_POINTS
        points = [points[int(k * step)] for k in range(MAX_SCATTER_POINTS)]
    scatter = None
    if SCATTER_X in have and SCATTER_Y in have and points:
        scatter = svg.scatter(
            points,
            _ftitle(SCATTER_X),
            _ftitle(SCATTER_Y),
            labels,
            x_feature=(SCATTER_X, _hover(SCATTER_X)),
            y_feature=(SCATTER_Y, _hover(SCATTER_Y)),
        )
    boxes = []
    missing = []
    for feat in MAIN_FEATURES:
        if feat not in have:
            missing.append(feat)
            continue
        per_label = {
            lab: summary(
                [r.get(feat) for r in rows if r.get("label") == lab and r.get("status") == "ok"]
            )
            for lab in labels
        }
        boxes.append(
            {
                "feature": feat,
                "title": _ftitle(feat),
                "meaning": _fmeaning(feat),
                "svg": svg.box_plot(_ftitle(feat), per_label, labels, code=(feat, _hover(feat))),
                "per_label": per_label,
            }
        )
    return {
        "scatter": scatter,
        "scatter_x": SCATTER_X,
        "scatter_y": SCATTER_Y,
        "scatter_points": len(points),
        "scatter_sampled": sampled,
        "scatter_unmeasured": unmeasured,
        "boxes": boxes,
        "missing_features": missing,
    }


@functools.lru_cache(maxsize=1)
def _registry() -> dict[str, tuple[str, str]]:
    """Plain title and one-line meaning of every feature, from the feature registry (metadata
    only: the report reads output rows and never runs the extractor)."""
    try:
        from ..features import REGISTRY
    except Exception:  # noqa: BLE001 - the report must render without the extractor's data
        return {}
    out = {}
    for f in REGISTRY:
        meaning = f.description + ("; English only" if f.languages == "en" else "")
        meaning = re.sub(r"\bnan (without|with)\b", r"not measured \1", meaning)
        out[f.name] = (getattr(f, "title", "") or _plainify(f.name), meaning)
    return out


def _plainify(name: str) -> str:
    """A readable title for a column the registry does not know."""
    t = re.sub(r"_per_100w$", " (per 100 words)", name)
    t = re.sub(r"_share$", " (share)", t).replace("_", " ").strip()
    return t[:1].upper() + t[1:] if t else name


def _ftitle(feat: str) -> str:
    return _registry().get(feat, (_plainify(feat), ""))[0]


def _fmeaning(feat: str) -> str:
    return _registry().get(feat, ("", ""))[1]


def _feature_infos(feats) -> dict[str, dict[str, str]]:
    return {f: {"title": _ftitle(f), "meaning": _fmeaning(f)} for f in dict.fromkeys(feats)}


def _hover(feat: str) -> str:
    meaning = _fmeaning(feat)
    return f"{feat}: {meaning}" if meaning else feat


# -- loaded terms --------------------------------------------------------------------------------


def _loaded_terms(rows, outlets_known) -> dict[str, Any]:
    per_term: dict[tuple[str, str], dict[str, Any]] = {}
    cat_totals: dict[str, Counter] = defaultdict(Counter)
    outlet_own: dict[str, Counter] = defaultdict(Counter)
    outlet_words: Counter[str] = Counter()
    outlet_docs: Counter[str] = Counter()
    for r in rows:
        outlet = str(r.get("outlet") or UNKNOWN_OUTLET)
        terms = r.get("loaded_terms")
        if r.get("status") != "error":
            outlet_docs[outlet] += 1
            if isinstance(r.get("n_words"), (int, float)):
                outlet_words[outlet] += int(r["n_words"])
        if not isinstance(terms, list):
            continue
        for t in terms:
            if not isinstance(t, dict):
                continue
            cat = str(t.get("category") or "uncategorised")
            voice = "own" if t.get("voice") == "own" else "quoted"
            key_text = str(t.get("term") or t.get("matched") or "").strip()
            if not key_text:
                continue
            key = (cat, key_text.lower())
            entry = per_term.setdefault(
                key,
                {"term": key_text, "category": cat, "own": 0, "quoted": 0, "outlets": Counter()},
            )
            entry[voice] += 1
            cat_totals[cat][voice] += 1
            if voice == "own":
                entry["outlets"][outlet] += 1
                outlet_own[outlet][cat] += 1
    categories = []
    for cat in sorted(cat_totals, key=lambda c: (-sum(cat_totals[c].values()), c)):
        entries = [e for e in per_term.values() if e["category"] == cat]
        entries.sort(key=lambda e: (-(e["own"] + e["quoted"]), -e["own"], e["term"].lower()))
        categories.append(
            {
                "name": cat,
                "title": CATEGORY_TITLES.get(cat, cat.replace("_", " ")),
                "own": cat_totals[cat]["own"],
                "quoted": cat_totals[cat]["quoted"],
                "distinct": len(entries),
                "terms": [
                    {
                        **e,
                        "outlets": e["outlets"].most_common(TOP_TERM_OUTLETS),
                        "more_outlets": max(0, len(e["outlets"]) - TOP_TERM_OUTLETS),
                    }
                    for e in entries[:TOP_TERMS]
                ],
            }
        )
    cats = [c["name"] for c in categories]
    outlet_rows = []
    if outlets_known:
        for outlet in sorted(outlet_docs, key=lambda o: (-outlet_docs[o], o)):
            own = sum(outlet_own[outlet].values())
            words = outlet_words.get(outlet, 0)
            outlet_rows.append(
                {
                    "outlet": outlet,
                    "docs": outlet_docs[outlet],
                    "own": own,
                    "per_1000w": 1000 * own / words if words else None,
                    "by_cat": [outlet_own[outlet].get(c, 0) for c in cats],
                }
            )
    return {"term_categories": categories, "term_outlets": outlet_rows, "term_category_names": cats}


# -- outlets in words, and side by side ----------------------------------------------------------


def _median(xs: list[float]) -> float | None:
    s = summary(xs)
    return s["median"] if s else None


def _outlet_profiles(rows, labels) -> list[dict[str, Any]]:
    """What a reader wants first about each outlet, counted from the rows: labels, attribution
    (named, unnamed and official sources) and loaded terms in the outlet's own voice."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[str(r.get("outlet") or UNKNOWN_OUTLET)].append(r)
    profiles = []
    for name, group in groups.items():
        docs = [r for r in group if r.get("status") != "error"]
        scored = [r for r in docs if r.get("status") == "ok" and r.get("label")]
        label_counts = Counter(str(r["label"]) for r in scored)
        low = Counter(str(r["label"]) for r in scored if r.get("low_confidence"))
        terms: Counter[str] = Counter()
        shown: dict[str, Counter[str]] = defaultdict(Counter)  # the words as the text has them
        quoted_terms = 0
        named = anonymous = official = 0
        words = 0
        for r in docs:
            if isinstance(r.get("n_words"), (int, float)):
                words += int(r["n_words"])
            for t in r.get("loaded_terms") or []:
                if not isinstance(t, dict):
                    continue
                if t.get("voice") != "own":
                    quoted_terms += 1
                    continue
                key = str(t.get("term") or t.get("matched") or "").strip()
                if key:
                    terms[key.lower()] += 1
                    shown[key.lower()][str(t.get("matched") or key).strip().lower() or key] += 1
            qs = [q for q in r.get("quotes") or [] if isinstance(q, dict)]
            speakers = [str(q.get("speaker") or "") for q in qs if not q.get("anonymous")]
            named += any(speakers)
            anonymous += any(q.get("anonymous") for q in qs)
            official += any(OFFICIAL_WORDS.search(sp) for sp in speakers if sp)
        profiles.append(
            {
                "name": name,
                "docs": len(group),
                "usable": len(docs),
                "failed": len(group) - len(docs),
                "abstained": sum(1 for r in group if r.get("status") == "abstained"),
                "scored": len(scored),
                "labels": label_counts,
                "low": low,
                "own_terms": sum(terms.values()),
                "own_per_1000w": 1000 * sum(terms.values()) / words if words else None,
                "quoted_per_1000w": 1000 * quoted_terms / words if words else None,
                "top_terms": [(shown[k].most_common(1)[0][0], n) for k, n in terms.most_common(5)],
                "named": named,
                "anonymous": anonymous,
                "official": official,
                "attribution": _median([r.get("attribution_per_100w") for r in docs]),
                "quotes": _median([r.get("quote_direct_per_100w") for r in docs]),
            }
        )
    profiles.sort(key=lambda p: (-p["docs"], p["name"]))
    return profiles


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _outlet_sentence(p: dict[str, Any], labels) -> dict[str, str]:
    """One sentence about one outlet, e.g. 'Northwire: 3 of 4 articles read as wire reporting;
    its own voice uses "terrorists" 2 times; it quotes named sources in 3 of 4 ...'."""
    n = p["usable"]
    parts = []
    if p["scored"]:
        ranked = sorted(p["labels"].items(), key=lambda kv: (-kv[1], kv[0]))
        bits = []
        for k, (lab, count) in enumerate(ranked):
            phrase = LABEL_PHRASES.get(lab, f"\u201c{lab}\u201d")
            low = p["low"].get(lab, 0)
            lowtxt = f" ({low} with low confidence)" if low else ""
            bits.append(f"{count} of {_plural(n, 'article')} read as {phrase}{lowtxt}" if k == 0
                        else f"{count} as {phrase}{lowtxt}")
        parts.append(", ".join(bits))
        if p["abstained"]:
            parts[-1] += f"; {p['abstained']} {'was' if p['abstained'] == 1 else 'were'} not labelled"
    elif n:
        parts.append(f"none of its {_plural(n, 'article')} could be labelled")
    else:
        parts.append(f"all {_plural(p['docs'], 'article')} failed to read")
    if n:
        if p["top_terms"]:
            terms = [f"\u201c{t}\u201d {_plural(c, 'time')}" for t, c in p["top_terms"][:TOP_OUTLET_TERMS]]
            listed = terms[0] if len(terms) == 1 else ", ".join(terms[:-1]) + " and " + terms[-1]
            rate = p["own_per_1000w"]
            rate_txt = f", {rate:.1f} per 1,000 words" if rate is not None else ""
            parts.append(f"its own voice uses {_plural(p['own_terms'], 'loaded word')}{rate_txt}, "
                         f"most often {listed}")
        else:
            parts.append("its own voice uses no word from the loaded-terms lists")
        src = f"it quotes or cites named sources in {p['named']} of {n}"
        extra = []
        if p["official"]:
            extra.append(f"officials in {p['official']}")
        if p["anonymous"]:
            extra.append(f"unnamed sources in {p['anonymous']}")
        if extra:
            src += ", " + " and ".join(extra)
        parts.append(src)
    if p["failed"] and n:
        parts.append(f"{p['failed']} could not be read")
    return {"outlet": p["name"], "text": "; ".join(parts) + "."}


def _profile_json(p: dict[str, Any], labels) -> list[Any]:
    """The comparison menu's data for one outlet (see report.js: OUTLET_KEYS)."""
    return [
        p["name"],
        p["docs"],
        p["scored"],
        p["abstained"],
        p["failed"],
        [p["labels"].get(lab, 0) for lab in labels],
        [p["low"].get(lab, 0) for lab in labels],
        _round(p["attribution"]),
        _round(p["quotes"]),
        p["named"],
        p["anonymous"],
        p["official"],
        _round(p["own_per_1000w"]),
        _round(p["quoted_per_1000w"]),
        [[t, c] for t, c in p["top_terms"]],
        p["usable"],
    ]


# -- failures and abstentions ---------------------------------------------------------------------


def _problems(rows) -> dict[str, Any]:
    items = []
    reasons: Counter[tuple[str, str]] = Counter()
    for i, r in enumerate(rows):
        st = r.get("status")
        if st == "ok":
            continue
        reason = r.get("error") if st == "error" else r.get("abstain_reason")
        reason = str(reason) if reason not in (None, "") else "no reason recorded"
        reasons[(str(st), reason.split(":")[0][:80])] += 1
        items.append(
            {
                "i": i,
                "id": r.get("id"),
                "title": r.get("title"),
                "outlet": r.get("outlet"),
                "source": r.get("source"),
                "status": st,
                "reason": reason,
            }
        )
    return {
        "items": items,
        "reasons": [{"status": s, "reason": why, "n": n} for (s, why), n in reasons.most_common()],
    }


# -- data for the page's script ------------------------------------------------------------------


def _payload(rows, labels, full_text_limit, snippet_chars) -> dict[str, Any]:
    cats: dict[str, int] = {}
    feat_idx: dict[str, int] = {}
    docs = []
    trimmed = 0
    for i, r in enumerate(rows):
        text = r.get(schema.TEXT_COLUMN)
        text = text if isinstance(text, str) else None
        limit = MAX_FULL_TEXT_CHARS if i < full_text_limit else snippet_chars
        cut = None
        if text is not None and len(text) > limit:
            cut = len(text)
            text = text[:limit]
            trimmed += 1
        to16 = _utf16_map(text) if text is not None else None
        n = len(text) if text is not None else 0

        span = functools.partial(_span16, n=n if text is not None else -1, to16=to16)

        quotes = []
        for q in r.get("quotes") or []:
            sp = span(q) if isinstance(q, dict) else None
            if sp:
                quotes.append(
                    [
                        *sp,
                        1 if q.get("kind") == "direct" else 0,
                        q.get("speaker") or "",
                        1 if q.get("anonymous") else 0,
                    ]
                )
        terms = []
        for t in r.get("loaded_terms") or []:
            sp = span(t) if isinstance(t, dict) else None
            if sp:
                ci = cats.setdefault(str(t.get("category") or "uncategorised"), len(cats))
                terms.append([*sp, ci, 1 if t.get("voice") == "own" else 0, t.get("term") or ""])
        credits = []
        for c in r.get("credits") or []:
            sp = span(c) if isinstance(c, dict) else None
            if sp:
                credits.append([*sp, c.get("agency") or "", c.get("kind") or ""])
        contribs = []
        for f in r.get("top_features") or []:
            if not isinstance(f, dict) or not isinstance(f.get("contribution"), (int, float)):
                continue
            style = f.get("kind") == "style"
            fi = feat_idx.setdefault((style, str(f.get("feature"))), len(feat_idx))
            item = [fi, _round(f.get("value")), _round(f["contribution"])]
            spans = []
            if style and isinstance(f.get("spans"), list):
                for sp in f["spans"]:
                    if isinstance(sp, (list, tuple)) and len(sp) == 2:
                        got = span({"start": sp[0], "end": sp[1]})
                        if got:
                            spans.append(list(got))
            if spans:
                item.append(spans)
            contribs.append(item)
        doc = [
            r.get("id"),
            _str(r.get("title")),
            _str(r.get("outlet")),
            _str(r.get("language")),
            _str(r.get("status")),
            _str(r.get("label")),
            _round(r.get("confidence")),
            [_round(r.get(f"p_{lab}")) for lab in labels],
            _str(r.get("error") if r.get("status") == "error" else r.get("abstain_reason")),
            _str(r.get("source")),
            _str(r.get("url")),
            _str(r.get("date")),
            text,
            cut,
            quotes,
            terms,
            credits,
            contribs,
            [_round(r.get(f)) for f in MAIN_FEATURES],
            " / ".join(x for x in (_str(r.get("model")), _str(r.get("feature_set"))) if x) or None,
            1 if r.get("low_confidence") and r.get("label") else None,
        ]
        while doc and doc[-1] in (None, []):  # trailing empties cost bytes x 20,000
            doc.pop()
        docs.append([None if v == [] else v for v in doc])
    return {
        "labels": labels,
        "features": list(MAIN_FEATURES),
        "feature_titles": [_ftitle(f) for f in MAIN_FEATURES],
        "feature_meanings": [_fmeaning(f) for f in MAIN_FEATURES],
        "categories": list(cats),
        "category_titles": [CATEGORY_TITLES.get(c, c.replace("_", " ")) for c in cats],
        # [code name, plain title, meaning, 1 for a style n-gram]
        "contrib_features": [
            [name, f"\u201c{name}\u201d", "a wording whose frequency the classifier weighs", 1]
            if style
            else [name, _ftitle(name), _fmeaning(name), 0]
            for style, name in feat_idx
        ],
        "page_size": PAGE_SIZE,
        "each_way": TOP_FEATURES_EACH_WAY,
        "trimmed": trimmed,
        "doc_keys": DOC_KEYS,
        "docs": docs,
    }


def _span16(obj: dict, *, n: int, to16) -> tuple[int, int] | None:
    """A span's (start, end) in JavaScript units, clipped to the kept text; None if outside."""
    try:
        s, e = int(obj["start"]), int(obj["end"])
    except (KeyError, TypeError, ValueError):
        return None
    if n < 0 or not (0 <= s < e) or s >= n:
        return None
    return to16(s), to16(min(e, n))


def _utf16_map(text: str):
    """Python indexes code points, JavaScript UTF-16 units: shift offsets past astral chars."""
    if not _NON_BMP.search(text):
        return lambda i: i
    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return lambda i: prefix[i]


def _round(v: Any) -> float | None:
    if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
        return None
    return float(f"{v:.3g}")


def _str(v: Any) -> str | None:
    return None if v is None or v == "" else str(v)


def _num_fmt(v: Any, digits: int = 2) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    return f"{v:.{digits}f}"
