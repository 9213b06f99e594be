"""Turn scores rows into one self-contained HTML file.

The report reads output rows only (``framing.schema``); it never imports the model or the
feature extractor. Aggregates (counts, shares, term tables, charts) are counted over all rows
(:mod:`framing.report.aggregate`: from the rows in memory, or from every row of a dataset too
large for one page, whose document table and view then show a sample) and drawn as inline
SVG; the per-document data the page's script needs (table, document view) travels as JSON
inside ``<script type="application/json">``, escaped so that a ``</script>`` in an article
cannot end the block. The script writes document text with
``textContent`` only.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import schema
from ..version import __version__
from ..errors import InputError
from . import svg
from .aggregate import (  # noqa: F401 - SCATTER_*, MAIN_FEATURES, OFFICIAL_WORDS adjust here
    MAIN_FEATURES,
    OFFICIAL_WORDS,
    SCATTER_X,
    SCATTER_Y,
    UNKNOWN_OUTLET,
    CorpusStats,
    Group,
    dataset_stats,
    input_name,
    rows_stats,
)
from .reader import DATASET_MAX_ROWS, dataset_rows, feature_columns, normalise_rows, read_scores
from .stats import summary, wilson_interval

# -- what the report shows; adjust here (the main features and scatter axes: aggregate.py) ------
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

# Each document travels as an array in this order (keys once, not 20,000 times); the page's
# script turns them back into objects. Short keys: t title, o outlet, s status, l label,
# c confidence, p probabilities, r reason, u url, d date, x text, cut full length when trimmed,
# q quotes, lt loaded terms, cr credits, tf contributions (with style spans), f main features,
# m model and feature set that labelled the document, lc low confidence, cm the appended
# reader-comment thread, ct loaded terms in it.
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
    "cm",
    "ct",
    "rs",
]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_NON_BMP = re.compile("[\U00010000-\U0010ffff]")


def render_report(
    scores: str | Path | Sequence[dict[str, Any]],
    out_path: str | Path,
    *,
    title: str | None = None,
    full_text_limit: int = 2000,
    snippet_chars: int = 600,
    model_dir: str | Path | None = None,
    max_mb: float | None = MAX_MB,
    max_rows: int | None = DATASET_MAX_ROWS,
    aggregate: Callable[[Path], CorpusStats] | None = None,
) -> Path:
    """Write the HTML report of a scores file (or of rows already in memory) to ``out_path``.

    A Parquet dataset folder (``framing score --dask``) of more than ``max_rows`` rows is
    reported from every row for the corpus-level sections (counts, shares, means, quartiles,
    term tables, outlets in a sentence, failures by reason), counted by ``aggregate(path)``: the
    aggregation backend, batch by batch in this process by default
    (:func:`framing.report.aggregate.dataset_stats`), or another engine's, such as
    :func:`framing.dask.report_stats` on a cluster (``framing report --dask`` passes it; the
    report never imports an engine); the document table and view show an evenly spaced sample of
    ``max_rows`` documents, and the page says so. ``max_rows=None`` puts every row on the page.

    ``full_text_limit``: how many documents (in file order) keep their full text; the others
    keep the first ``snippet_chars`` characters. If the file would still exceed ``max_mb``
    megabytes, those snippets are shortened (to no less than 160 characters) until it fits, and
    the overview says so; ``max_mb=None`` turns that off.
    ``model_dir``: where to find ``metrics.json`` (a model directory, or a folder of them);
    the shipped ``models/`` by default.
    """
    if full_text_limit < 0 or snippet_chars < 0:
        raise InputError("full_text_limit and snippet_chars must be 0 or more")
    if max_rows is not None and max_rows < 1:
        raise InputError("max_rows must be 1 or more (None: every row on the page)")
    scores_path: Path | None = None
    stats: CorpusStats | None = None
    if isinstance(scores, (str, Path)):
        scores_path = Path(scores)
        if scores_path.is_dir() and max_rows is not None and dataset_rows(scores_path) > max_rows:
            stats = (aggregate or dataset_stats)(scores_path)
        rows = read_scores(scores_path, max_rows=max_rows)
    else:
        rows = normalise_rows(scores, where="rows")
    html = build_html(
        rows,
        stats=stats,
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
    stats: CorpusStats | None = None,
    title: str | None = None,
    scores_path: Path | None = None,
    full_text_limit: int = 2000,
    snippet_chars: int = 600,
    model_dir: Path | None = None,
    max_mb: float | None = MAX_MB,
) -> str:
    """The page of ``rows``. ``stats``: the corpus-level numbers when ``rows`` are a sample of
    a larger corpus (counted from every row, :mod:`framing.report.aggregate`); the document
    table and view then show ``rows`` and the page says they are a sample."""
    if stats is None:
        stats = rows_stats(rows)
    cols = list(dict.fromkeys(k for r in rows[:50] for k in r))
    feats = feature_columns(cols, rows)
    labels = stats.labels()
    outlets_known = stats.outlets_known
    corpus = _corpus_name(stats, scores_path)
    n_docs = f"{stats.rows:,} document{'' if stats.rows == 1 else 's'}"
    ctx: dict[str, Any] = {
        "title": title or f"Framing report: {corpus} ({n_docs})",
        "corpus": corpus,
        "csp": CSP,
        "labels": labels,
        "label_symbols": {lab: svg.symbol(lab) for lab in labels},
        "overview": _overview(stats, scores_path, model_dir, feats),
        "outlets_known": outlets_known,
        "generator": f"framing {__version__}",
        # the document table and view show a sample of the corpus (a large dataset)
        "sample": {"docs": len(rows), "total": stats.rows} if stats.rows > len(rows) else None,
    }
    ctx.update(_label_distribution(stats, labels, outlets_known))
    ctx.update(_feature_landscape(rows, stats, labels, feats))
    ctx.update(_loaded_terms(stats, outlets_known))
    ctx["features"] = _feature_infos([*MAIN_FEATURES, SCATTER_X, SCATTER_Y, *feats])
    ctx["category_titles"] = CATEGORY_TITLES
    ctx["label_phrases"] = LABEL_PHRASES
    profiles = _outlet_profiles(stats, labels) if outlets_known else []
    ctx["outlet_table"] = [_outlet_table_row(p, labels) for p in profiles]
    ctx["outlet_sentences"] = [_outlet_sentence(p, labels) for p in profiles[:MAX_OUTLET_SENTENCES]]
    ctx["outlets_not_summarised"] = max(0, len(profiles) - MAX_OUTLET_SENTENCES)
    ctx["low_confidence_known"] = stats.low_confidence_known
    ctx["problems"] = _problems(rows, stats)
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


def _overview(stats: CorpusStats, scores_path, model_dir, feats) -> dict[str, Any]:
    status = stats.status
    if stats.run_first is not None:
        first, last = stats.run_first, stats.run_last
        run = first if first == last else f"{first} to {last}"
    elif scores_path is not None:
        mtime = _dt.datetime.fromtimestamp(scores_path.stat().st_mtime, tz=_dt.timezone.utc)
        run = f"{mtime:%Y-%m-%d %H:%M} UTC (when the scores file was written)"
    else:
        run = "not recorded"
    return {
        "scores_file": scores_path.name if scores_path else None,
        "run": run,
        "rendered": f"{_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        "read": stats.rows,
        "scored": status.get("ok", 0),
        "abstained": status.get("abstained", 0),
        "failed": status.get("error", 0),
        "other_status": {k: v for k, v in status.items() if k not in schema.STATUSES},
        "truncated": stats.truncated,
        "duplicates": stats.duplicates,
        "with_comments": stats.with_comments,
        "languages": stats.languages.most_common(),
        "mixed_language": stats.mixed_language,
        "models": [
            {"name": name, "docs": n, **_model_info(name, model_dir)}
            for name, n in stats.models.most_common()
        ],
        "feature_sets": sorted(stats.feature_sets),
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
            # what a label means for the model's languages (framing train --label-note)
            "note": metrics.get("label_note") if isinstance(metrics.get("label_note"), str) else None,
        }
    return {"version": None, "trained_at": None, "macro_f1": None, "card": None, "note": None}


_input_name = input_name  # the input a row came from (aggregate.input_name)


def _corpus_name(stats: CorpusStats, scores_path: Path | None) -> str:
    names = stats.inputs
    if names:
        top = [n for n, _ in names.most_common(2)]
        if len(names) <= 2:
            return " and ".join(top)
        return f"{top[0]}, {top[1]} and {len(names) - 2} more"
    if scores_path is not None:
        return scores_path.name.split(".")[0] or scores_path.name
    return "scores"


# -- label distribution --------------------------------------------------------------------------


def _group_stats(name: str, g: Group, labels: list[str]) -> dict[str, Any]:
    n = g.scored
    counts = g.labels
    shares = {}
    for lab in labels:
        lo, hi = wilson_interval(counts.get(lab, 0), n)
        k = g.p_n.get(lab, 0)
        shares[lab] = {
            "count": counts.get(lab, 0),
            "share": counts.get(lab, 0) / n if n else None,
            "lo": lo,
            "hi": hi,
            "mean_p": math.fsum(g.p_sum[lab]) / k if k else None,
        }
    return {
        "name": name,
        "docs": g.docs,
        "n": n,
        "abstained": g.status.get("abstained", 0),
        "failed": g.status.get("error", 0),
        "low": sum(g.low.values()),
        "shares": shares,
    }


def _label_distribution(stats: CorpusStats, labels, outlets_known) -> dict[str, Any]:
    overall = _group_stats("All documents", stats.overall, labels)
    groups = stats.outlets if outlets_known else {}
    outlet_stats = sorted(
        (_group_stats(name, g, labels) for name, g in groups.items()),
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


def _feature_landscape(rows, stats: CorpusStats, labels, feats) -> dict[str, Any]:
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
    sampled = len(points) > MAX_SCATTER_POINTS or stats.rows > len(rows)
    if len(points) > MAX_SCATTER_POINTS:
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
            lab: summary(stats.feature_values.get(lab, {}).get(feat, ())) for lab in labels
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


def _loaded_terms(stats: CorpusStats, outlets_known) -> dict[str, Any]:
    cat_totals = stats.category_voice
    per_cat: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (cat, entry), (words, own, quoted, outlets) in stats.terms.items():
        # the words the texts used, most used first ("russophobic", not the entry "russophob*")
        forms = [w for w, _ in words.most_common()] or [entry]
        per_cat[cat].append(
            {"term": forms[0], "also": forms[1:4], "more_forms": max(0, len(forms) - 4),
             "entry": entry, "category": cat, "own": own, "quoted": quoted, "outlets": outlets}
        )
    categories = []
    for cat in sorted(cat_totals, key=lambda c: (-sum(cat_totals[c].values()), c)):
        entries = per_cat[cat]
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
        usable = {name: g.usable for name, g in stats.outlets.items() if g.usable}
        for outlet in sorted(usable, key=lambda o: (-usable[o], o)):
            own = sum(stats.outlet_own[outlet].values()) if outlet in stats.outlet_own else 0
            words = stats.outlets[outlet].words
            by_cat = stats.outlet_own.get(outlet, {})
            outlet_rows.append(
                {
                    "outlet": outlet,
                    "docs": usable[outlet],
                    "own": own,
                    "per_1000w": 1000 * own / words if words else None,
                    "by_cat": [by_cat.get(c, 0) for c in cats],
                }
            )
    return {"term_categories": categories, "term_outlets": outlet_rows, "term_category_names": cats}


# -- outlets in words, and side by side ----------------------------------------------------------


def _median(xs: list[float]) -> float | None:
    s = summary(xs)
    return s["median"] if s else None


def _outlet_profiles(stats: CorpusStats, labels) -> list[dict[str, Any]]:
    """What a reader wants first about each outlet, counted from the rows: labels, attribution
    (named, unnamed and official sources) and loaded terms in the outlet's own voice."""
    profiles = []
    for name, g in stats.outlets.items():
        own = sum(g.terms.values())
        profiles.append(
            {
                "name": name,
                "docs": g.docs,
                "usable": g.usable,
                "failed": g.docs - g.usable,
                "abstained": g.status.get("abstained", 0),
                "scored": g.scored,
                "labels": g.labels,
                "low": g.low,
                "own_terms": own,
                "own_per_1000w": 1000 * own / g.words if g.words else None,
                "quoted_per_1000w": 1000 * g.quoted_terms / g.words if g.words else None,
                "top_terms": [(g.shown[k].most_common(1)[0][0], n)
                              for k, n in g.terms.most_common(5)],
                "named": g.named,
                "anonymous": g.anonymous,
                "official": g.official,
                "attribution": _median(g.attribution),
                "quotes": _median(g.quotes),
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


def _outlet_table_row(p: dict[str, Any], labels) -> dict[str, Any]:
    """One outlet's line of the outlet table: its articles, each label's share of the labelled
    ones with the 95% Wilson interval, and the median attribution and own-voice and quoted
    loaded-term rates. ``None`` where there is nothing to count (shown as a dash, sorted last)."""
    n = p["scored"]
    shares = []
    for lab in labels:
        k = p["labels"].get(lab, 0)
        lo, hi = wilson_interval(k, n)
        shares.append({"count": k, "share": k / n if n else None, "lo": lo, "hi": hi,
                       "low": p["low"].get(lab, 0)})
    return {
        "name": p["name"],
        "docs": p["docs"],
        "scored": n,
        "failed": p["failed"],
        "abstained": p["abstained"],
        "shares": shares,
        "attribution": p["attribution"],
        "quotes": p["quotes"],
        "own": p["own_per_1000w"],
        "quoted": p["quoted_per_1000w"],
        "named": p["named"] / p["usable"] if p["usable"] else None,
    }


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


def _problems(rows, stats: CorpusStats) -> dict[str, Any]:
    """The documents that failed or abstained (of the rows on the page), and the reasons
    counted over every row."""
    items = []
    for i, r in enumerate(rows):
        st = r.get("status")
        if st == "ok":
            continue
        reason = r.get("error") if st == "error" else r.get("abstain_reason")
        reason = str(reason) if reason not in (None, "") else "no reason recorded"
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
        "total": sum(stats.reasons.values()),
        "reasons": [{"status": s, "reason": why, "n": n}
                    for (s, why), n in stats.reasons.most_common()],
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
                own = 1 if t.get("voice") == "own" else 0
                terms.append([*sp, ci, own, t.get("term") or ""])
                # later uses of a label (evidence_hits) are highlighted too
                for rep in t.get("repeats") or []:
                    rsp = span({"start": rep[0], "end": rep[1]}) if (
                        isinstance(rep, (list, tuple)) and len(rep) == 2) else None
                    if rsp:
                        terms.append([*rsp, ci, own, t.get("term") or ""])
        terms.sort(key=lambda x: (x[0], x[1]))
        # the readers' voice: the thread's span, and the loaded terms in it (counted nowhere)
        thread = [list(sp) for c in r.get("comments") or []
                  if isinstance(c, dict) and (sp := span(c))]
        comment_terms = []
        for t in r.get("comment_terms") or []:
            sp = span(t) if isinstance(t, dict) else None
            if sp:
                ci = cats.setdefault(str(t.get("category") or "uncategorised"), len(cats))
                comment_terms.append([*sp, ci])
                for rep in t.get("repeats") or []:
                    rsp = span({"start": rep[0], "end": rep[1]}) if (
                        isinstance(rep, (list, tuple)) and len(rep) == 2) else None
                    if rsp:
                        comment_terms.append([*rsp, ci])
        comment_terms.sort()
        credits = []
        for c in r.get("credits") or []:
            sp = span(c) if isinstance(c, dict) else None
            if sp:
                credits.append([*sp, c.get("agency") or "", c.get("kind") or ""])
        # the label's reasons in plain words (framing.reasons): [text, label, direction, weight,
        # spans]; rows scored before reasons existed show top_features instead
        reasons = []
        for rs in r.get("top_reasons") or []:
            if not isinstance(rs, dict) or not isinstance(rs.get("weight"), (int, float)):
                continue
            spans = []
            for sp in rs.get("spans") or []:
                if isinstance(sp, (list, tuple)) and len(sp) == 2:
                    got = span({"start": sp[0], "end": sp[1]})
                    if got:
                        spans.append(list(got))
            reasons.append([_str(rs.get("reason")), _str(rs.get("label")),
                            _str(rs.get("direction")), _round(rs["weight"]), spans or None])
        contribs = []
        for f in (r.get("top_features") or []) if not reasons else []:
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
            thread,
            comment_terms,
            reasons,
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
