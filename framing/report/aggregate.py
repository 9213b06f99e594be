"""The report's corpus-level numbers, counted from rows in batches and merged across batches.

Every corpus-level section of the report (overview counts, label shares per outlet, feature
distributions by label, loaded-term tables, outlets in a sentence, failures by reason) reads a
:class:`CorpusStats`, never the rows themselves. For rows in memory the report fills one from
all of them; for a Parquet dataset too large for one page (``framing report FOLDER/``), one is
filled batch by batch from every row of every part file (:func:`dataset_stats`, or on a Dask
cluster :func:`framing.dask.report_stats`, where each partition gives a partial and the partials
are merged), and only the document table and view use a sample.

What it keeps is bounded by the corpus's vocabulary (outlets, terms, languages, reasons), not
its size, except the values behind medians and quartiles (the main features of scored
documents by label, and attribution and direct quotes per outlet): ten numbers, 80 bytes, per
document, so that those figures are exact rather than estimated.

Merging is in input order (``a.merge(b)`` with ``a`` before ``b``), so ties that the report
breaks by first appearance (most common terms, languages, reasons) come out as from one pass.
This module reads output rows only: it imports neither the model nor the feature extractor.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import schema

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
# A quoted speaker counts as an official when these words name an office (English speakers only).
OFFICIAL_WORDS = re.compile(
    r"\b(officials?|minist(?:er|ry|ries)|government|president|presidential|prime minister|"
    r"spokes(?:man|woman|person)|police|army|military|authorities|department|secretary|governor|"
    r"mayor|embassy|prosecutors?|kremlin|white house|pentagon|cabinet|parliament|senator|"
    r"lawmakers?|commission(?:er)?|council|chancellor|ambassador|general|commander)\b",
    re.I,
)
UNKNOWN_OUTLET = "(outlet unknown)"
_SOURCE_LINE = re.compile(r"^(.*):\d+$")

# Columns the corpus-level sections read (the rest, texts above all, stay on disk); feature
# columns are added by name.
STATS_COLUMNS = (
    "id", "status", "label", "outlet", "source", "language", "languages", "model",
    "feature_set", "scored_at", "run_at", "truncated", "duplicate_id", "low_confidence",
    "error", "abstain_reason", "n_words", "loaded_terms", "quotes", "comments",
    *(f"p_{lab}" for lab in schema.LABELS),
)


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _exact_add(partials: list[float], x: float) -> None:
    """Add ``x`` to a sum held as non-overlapping partials (Shewchuk; ``math.fsum`` of them is
    the correctly rounded sum), so that a sum is the same whatever the order or the batches."""
    i = 0
    for y in partials:
        if abs(x) < abs(y):
            x, y = y, x
        hi = x + y
        lo = y - (hi - x)
        if lo:
            partials[i] = lo
            i += 1
        x = hi
    partials[i:] = [x]


def _values(xs: array, v: Any) -> None:
    if _num(v):
        xs.append(float(v))


def term_uses(t: dict[str, Any]) -> int:
    """Uses of a loaded-term evidence item: a label repeated in a document is one item with its
    ``count`` (framing.extractors.loaded.evidence_hits); rows written before that have none."""
    n = t.get("count")
    return int(n) if isinstance(n, (int, float)) and not isinstance(n, bool) and n >= 1 else 1


class Group:
    """Counts of one group of rows: all documents, or one outlet."""

    def __init__(self) -> None:
        self.docs = 0
        self.status: Counter[Any] = Counter()
        self.labels: Counter[str] = Counter()  # scored documents by label
        self.low: Counter[str] = Counter()  # of which low confidence
        # p_LABEL summed over scored documents (exactly: see _exact_add; math.fsum gives it)
        self.p_sum: dict[str, list[float]] = defaultdict(list)
        self.p_n: Counter[str] = Counter()
        # outlet detail (own-voice terms, sources), documents that did not fail only
        self.words = 0
        self.terms: Counter[str] = Counter()  # own-voice terms, lower case
        self.shown: dict[str, Counter[str]] = defaultdict(Counter)  # as the texts write them
        self.quoted_terms = 0
        self.named = self.anonymous = self.official = 0
        self.attribution = array("d")
        self.quotes = array("d")

    @property
    def usable(self) -> int:
        return self.docs - self.status.get("error", 0)

    @property
    def scored(self) -> int:
        return sum(self.labels.values())

    def add(self, r: dict[str, Any], detail: bool) -> None:
        self.docs += 1
        st = r.get("status")
        self.status[st] += 1
        if st == "ok" and r.get("label"):
            lab = str(r["label"])
            self.labels[lab] += 1
            if r.get("low_confidence"):
                self.low[lab] += 1
            for key, v in r.items():
                if key.startswith("p_") and v is not None and _num(v):
                    _exact_add(self.p_sum[key[2:]], float(v))
                    self.p_n[key[2:]] += 1
        if not detail or st == "error":
            return
        if _num(r.get("n_words")):
            self.words += int(r["n_words"])
        for t in r.get("loaded_terms") or []:
            if not isinstance(t, dict):
                continue
            n = term_uses(t)
            if t.get("voice") != "own":
                self.quoted_terms += n
                continue
            key = str(t.get("term") or t.get("matched") or "").strip()
            if key:
                self.terms[key.lower()] += n
                self.shown[key.lower()][str(t.get("matched") or key).strip().lower() or key] += n
        qs = [q for q in r.get("quotes") or [] if isinstance(q, dict)]
        speakers = [str(q.get("speaker") or "") for q in qs if not q.get("anonymous")]
        self.named += any(speakers)
        self.anonymous += any(q.get("anonymous") for q in qs)
        self.official += any(OFFICIAL_WORDS.search(sp) for sp in speakers if sp)
        _values(self.attribution, r.get("attribution_per_100w"))
        _values(self.quotes, r.get("quote_direct_per_100w"))

    def merge(self, o: Group) -> Group:
        self.docs += o.docs
        for mine, theirs in ((self.status, o.status), (self.labels, o.labels), (self.low, o.low),
                             (self.p_n, o.p_n), (self.terms, o.terms)):
            mine.update(theirs)
        for k, parts in o.p_sum.items():
            for x in parts:
                _exact_add(self.p_sum[k], x)
        for k, c in o.shown.items():
            self.shown[k].update(c)
        self.words += o.words
        self.quoted_terms += o.quoted_terms
        self.named += o.named
        self.anonymous += o.anonymous
        self.official += o.official
        self.attribution.extend(o.attribution)
        self.quotes.extend(o.quotes)
        return self


class CorpusStats:
    """Everything the report's corpus-level sections show, from rows added in batches
    (:meth:`add_rows`, rows as :func:`framing.report.reader.normalise_rows` gives them) and
    partials merged in input order (:meth:`merge`)."""

    def __init__(self) -> None:
        self.rows = 0
        self.status: Counter[str] = Counter()  # "unknown" for a row without one
        self.languages: Counter[str] = Counter()
        self.mixed_language = 0
        self.run_first: str | None = None
        self.run_last: str | None = None
        self.models: Counter[str] = Counter()
        self.feature_sets: set[str] = set()
        self.truncated = 0
        self.duplicates = 0
        self.with_comments = 0  # documents that end with a readers' comment thread
        self.labels_seen: set[str] = set()
        self.outlets_known = False
        self.low_confidence_known = False
        self.inputs: Counter[str] = Counter()  # rows per input name (the corpus's name)
        self.overall = Group()
        self.outlets: dict[str, Group] = {}
        # loaded terms: (category, list entry lower case) -> [the words the texts used (a
        # Counter: "russophobic" for the entry "russophob*"), own, quoted, own-voice uses per
        # outlet]
        self.terms: dict[tuple[str, str], list[Any]] = {}
        self.category_voice: dict[str, Counter[str]] = defaultdict(Counter)
        self.outlet_own: dict[str, Counter[str]] = defaultdict(Counter)  # own voice, by category
        # main features of scored documents, by label
        self.feature_values: dict[str, dict[str, array]] = defaultdict(dict)
        self.reasons: Counter[tuple[str, str]] = Counter()  # (status, reason) of the not-ok

    # -- filling -------------------------------------------------------------------------------

    def add_rows(self, rows: Iterable[dict[str, Any]]) -> CorpusStats:
        for r in rows:
            self._add(r)
        return self

    def _add(self, r: dict[str, Any]) -> None:
        self.rows += 1
        st = r.get("status")
        self.status[st or "unknown"] += 1
        self.languages[r.get("language") or "unknown"] += 1
        langs = r.get("languages")
        if isinstance(langs, dict) and sum(
            1 for v in langs.values() if isinstance(v, (int, float)) and v >= 0.1
        ) > 1:
            self.mixed_language += 1
        for k in ("scored_at", "run_at"):
            if r.get(k):
                v = str(r[k])
                self.run_first = v if self.run_first is None else min(self.run_first, v)
                self.run_last = v if self.run_last is None else max(self.run_last, v)
        if r.get("model"):
            self.models[r["model"]] += 1
        if r.get("feature_set"):
            self.feature_sets.add(str(r["feature_set"]))
        self.truncated += bool(r.get("truncated"))
        self.duplicates += bool(r.get("duplicate_id"))
        self.with_comments += bool(r.get("comments"))
        if r.get("label"):
            self.labels_seen.add(str(r["label"]))
        if r.get("outlet"):
            self.outlets_known = True
        if "low_confidence" in r:
            self.low_confidence_known = True
        src = r.get("source")
        if src not in (None, ""):
            name = input_name(str(src))
            if name:
                self.inputs[name] += 1
        outlet = str(r.get("outlet") or UNKNOWN_OUTLET)
        self.overall.add(r, detail=False)
        group = self.outlets.get(outlet)
        if group is None:
            group = self.outlets[outlet] = Group()
        group.add(r, detail=True)
        terms = r.get("loaded_terms")
        if isinstance(terms, list):
            for t in terms:
                self._add_term(t, outlet)
        if st == "ok" and r.get("label"):
            by_feat = self.feature_values[str(r["label"])]
            for feat in MAIN_FEATURES:
                v = r.get(feat)
                if _num(v):
                    xs = by_feat.get(feat)
                    if xs is None:
                        xs = by_feat[feat] = array("d")
                    xs.append(float(v))
        if st != "ok":
            reason = r.get("error") if st == "error" else r.get("abstain_reason")
            reason = str(reason) if reason not in (None, "") else "no reason recorded"
            self.reasons[(str(st), reason.split(":")[0][:80])] += 1

    def _add_term(self, t: Any, outlet: str) -> None:
        if not isinstance(t, dict):
            return
        cat = str(t.get("category") or "uncategorised")
        voice = "own" if t.get("voice") == "own" else "quoted"
        text = str(t.get("term") or t.get("matched") or "").strip()
        if not text:
            return
        # the word as the text wrote it, not the list entry (a pattern such as "russophob*")
        word = " ".join(str(t.get("matched") or text).split()).lower()
        entry = self.terms.get((cat, text.lower()))
        if entry is None:
            entry = self.terms[(cat, text.lower())] = [Counter(), 0, 0, Counter()]
        n = term_uses(t)
        entry[0][word] += n
        entry[1 if voice == "own" else 2] += n
        self.category_voice[cat][voice] += n
        if voice == "own":
            entry[3][outlet] += n
            self.outlet_own[outlet][cat] += n

    def merge(self, o: CorpusStats) -> CorpusStats:
        """Add the counts of ``o``, whose rows come after these in input order."""
        self.rows += o.rows
        for mine, theirs in ((self.status, o.status), (self.languages, o.languages),
                             (self.models, o.models), (self.inputs, o.inputs),
                             (self.reasons, o.reasons)):
            mine.update(theirs)
        self.mixed_language += o.mixed_language
        for v in (o.run_first, o.run_last):
            if v is not None:
                self.run_first = v if self.run_first is None else min(self.run_first, v)
                self.run_last = v if self.run_last is None else max(self.run_last, v)
        self.feature_sets |= o.feature_sets
        self.truncated += o.truncated
        self.duplicates += o.duplicates
        self.with_comments += o.with_comments
        self.labels_seen |= o.labels_seen
        self.outlets_known |= o.outlets_known
        self.low_confidence_known |= o.low_confidence_known
        self.overall.merge(o.overall)
        for name, g in o.outlets.items():
            if name in self.outlets:
                self.outlets[name].merge(g)
            else:
                self.outlets[name] = g
        for key, (words, own, quoted, outlets) in o.terms.items():
            entry = self.terms.get(key)
            if entry is None:
                self.terms[key] = [words, own, quoted, outlets]
            else:
                entry[0].update(words)
                entry[1] += own
                entry[2] += quoted
                entry[3].update(outlets)
        for cat, c in o.category_voice.items():
            self.category_voice[cat].update(c)
        for outlet, c in o.outlet_own.items():
            self.outlet_own[outlet].update(c)
        for lab, feats in o.feature_values.items():
            mine = self.feature_values[lab]
            for feat, xs in feats.items():
                if feat in mine:
                    mine[feat].extend(xs)
                else:
                    mine[feat] = xs
        return self

    def labels(self) -> list[str]:
        return [*schema.LABELS, *sorted(self.labels_seen - set(schema.LABELS))]


def rows_stats(rows: Iterable[dict[str, Any]]) -> CorpusStats:
    """The stats of rows in memory (normalised)."""
    return CorpusStats().add_rows(rows)


def input_name(src: str) -> str:
    """The input a row came from: the row file (``dump.jsonl`` of ``dump.jsonl:12``), the
    folder of a file read from a folder (``articles`` of ``articles/a/b.txt``), or the site of a
    fetched page (``northwire.example`` of ``https://www.northwire.example/a``)."""
    if src.lower().startswith(("http://", "https://")):  # a fetched page: its site
        host = src.split("/")[2].rsplit("@", 1)[-1].split(":")[0].lower()
        return host.removeprefix("www.") or src
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


# -- a Parquet dataset, every row, batch by batch ------------------------------------------------


def stats_columns(schema_names: list[str]) -> list[str]:
    """The columns of a scores dataset that :class:`CorpusStats` reads: :data:`STATS_COLUMNS`
    and the feature columns, never the texts nor the per-document evidence it does not count."""
    from .reader import feature_columns

    feats = set(feature_columns(schema_names)) | set(MAIN_FEATURES)
    return [c for c in schema_names if c in STATS_COLUMNS or c in feats]


def table_stats(table, where: str = "rows") -> CorpusStats:
    """The stats of one Arrow table (or record batch) of output rows."""
    from .reader import normalise_rows

    cols = list(table.schema.names)
    return CorpusStats().add_rows(normalise_rows(table.to_pylist(), cols, where=where))


def dataset_stats(path: str | Path, *, batch_rows: int = 10_000) -> CorpusStats:
    """Every row of a Parquet dataset folder, read in this process ``batch_rows`` rows at a
    time (only the columns the stats read), so memory stays that of one batch plus the stats."""
    import pyarrow.parquet as pq

    from ..errors import InputError
    from .reader import dataset_files

    stats = CorpusStats()
    try:
        for f in dataset_files(path):
            pf = pq.ParquetFile(f)
            cols = stats_columns(list(pf.schema_arrow.names))
            for batch in pf.iter_batches(batch_size=batch_rows, columns=cols):
                stats.merge(table_stats(batch, where=str(f)))
    except InputError:
        raise
    except Exception as exc:  # pyarrow raises its own ArrowInvalid family
        raise InputError(f"{path}: not a readable Parquet dataset ({exc})") from exc
    return stats
