"""Term matching over tokens: multi-word terms, inflections, prefix wildcards.

English tokens are normalised with a light inflection stripper (plural and possessive), so
"terrorist" in a list matches "terrorists" and "terrorist's". Russian, Ukrainian and Latvian
tokens are lemmatised with simplemma (offline, data in the wheel), so one lemma in a list matches
every case form. Other languages (Kazakh) match surface forms; lists use ``*`` wildcards there.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from .resources import TermList, term_lists

# Letters, digits and inner hyphens/apostrophes: "foreign-trained", "don't", "Russia's".
TOKEN_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
LEMMATISED = frozenset({"ru", "uk", "lv"})


@dataclass
class Tokens:
    """Parallel lists (cheaper than one object a token): offsets, lowercased text, match form."""

    starts: list[int]
    ends: list[int]
    lower: list[str]
    norm: list[str]
    _counts: Counter | None = None
    _pos: dict[str, list[int]] = field(default_factory=dict)
    _by_prefix: dict[str, set[str]] | None = None
    _forms: frozenset[str] | None = None

    def __len__(self) -> int:
        return len(self.starts)

    @property
    def counts(self) -> Counter:
        """How often each normalised form occurs (built once, in C, shared by all matchers)."""
        if self._counts is None:
            self._counts = Counter(self.norm)
        return self._counts

    @property
    def forms(self) -> frozenset[str]:
        """The distinct normalised forms, as a set: intersecting a term list with it walks the
        smaller of the two (with the counts themselves it would walk every form of the text)."""
        if self._forms is None:
            self._forms = frozenset(self.counts)
        return self._forms

    def forms_with_prefix(self, prefixes: frozenset[str]) -> set[str]:
        """The normalised forms whose first three letters are in ``prefixes`` (the forms are
        grouped by prefix once, then every wildcard matcher takes its groups)."""
        by = self._by_prefix
        if by is None:
            by = self._by_prefix = {}
            for nm in self.counts:
                by.setdefault(nm[:3], set()).add(nm)
        out: set[str] = set()
        for p in prefixes.intersection(by):
            out |= by[p]
        return out

    def positions(self, forms: set[str] | frozenset[str]) -> list[int]:
        """Sorted positions of the tokens whose normalised form is in ``forms``.

        Positions are indexed on first request, for all the requested forms in one pass; call
        :meth:`index` with the union of every matcher's forms to make it a single pass.
        """
        if not forms:
            return []
        pos = self._pos
        missing = [f for f in forms if f not in pos]
        if missing:
            self.index(missing)
        out = [i for f in forms for i in pos[f]]
        out.sort()
        return out

    def index(self, forms) -> None:
        pos = self._pos
        want = {f for f in forms if f not in pos and f in self.counts}
        for f in forms:
            pos.setdefault(f, [])
        if want:
            for i, nm in enumerate(self.norm):
                if nm in want:
                    pos[nm].append(i)


def _en_norm(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("s'"):
        w = w[:-1]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("es") and w[-3] in "sxz" or w.endswith(("ches", "shes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


@functools.lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    import simplemma

    try:
        return simplemma.lemmatize(word, lang=lang).lower()
    except ValueError:  # language not supported by simplemma
        return word


def normalise(word: str, lang: str) -> str:
    if lang == "en":
        return _en_norm(word)
    w = word.lower().replace("ё", "е")
    if lang in LEMMATISED:
        return _lemma(w, lang).replace("ё", "е")
    return w


def list_forms(word: str, lang: str) -> tuple[str, ...]:
    """The forms a word written in a term list matches in text (one or two).

    English list words are normalised like text words. ru/uk/lv list words are the lemma
    simplemma gives for the text form (features/README.md), so they match as written; where
    simplemma is not idempotent the text form's lemma differs from the list word's own lemma
    ("данным" -> "данные", but "данные" -> "данный"), so the word as written must match. The
    list word's own lemma is kept too: tokens of abbreviations are lemmatised in text ("т.н." ->
    "т" -> "тонна") and some words were listed in a form the text never gives.
    """
    if lang in LEMMATISED:
        written = word.lower().replace("ё", "е")
        lemma = normalise(word, lang)
        return (written,) if lemma == written else (written, lemma)
    return (normalise(word, lang),)


_en_norm_cached = functools.lru_cache(maxsize=200_000)(_en_norm)


def scan(pattern: re.Pattern, text: str, texts: bool = False) -> tuple[list, ...]:
    """Start and end offsets of every match of ``pattern`` (and, with ``texts``, the matched
    text), from one scan, read from the matches by C-level maps (no Python frame a token). The
    match objects are dropped on return: kept (1,500 a document) until something reads their
    offsets, they doubled the garbage collector's runs."""
    ms = list(pattern.finditer(text))
    out = (list(map(re.Match.start, ms)), list(map(re.Match.end, ms)))
    return out + (list(map(re.Match.group, ms)),) if texts else out


def tokenize(text: str, lang: str) -> Tokens:
    starts, ends = scan(TOKEN_RE, text)
    lower = text.lower()
    if len(lower) == len(text):
        lower_toks = list(map(lower.__getitem__, map(slice, starts, ends)))
    else:  # a few characters change length when lowercased (e.g. "İ")
        lower_toks = [text[s:e].lower() for s, e in zip(starts, ends)]
    if lang == "en":
        norm = list(map(_en_norm_cached, lower_toks))
    else:
        norm = [normalise(w, lang) for w in lower_toks]
    return Tokens(starts, ends, lower_toks, norm)


@dataclass(frozen=True)
class Match:
    start_token: int
    end_token: int  # exclusive
    term: str
    category: str


class TermMatcher:
    """Find every listed term in a token sequence, longest match first, no overlaps.

    Most tokens start no term, so the scan is one set lookup per token; candidates are indexed
    by their first token (or, for wildcard terms, by the wildcard's first three letters).
    """

    def __init__(self, lists: tuple[TermList, ...] | list[TermList], lang: str):
        self.lang = lang
        self._exact: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        self._prefix: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        self.categories: tuple[str, ...] = tuple(tl.category for tl in lists)
        for tl in lists:
            for term in tl.terms:
                forms = [
                    (m.group().lower() + "*",) if term[m.end() : m.end() + 1] == "*"
                    else list_forms(m.group(), lang)
                    for m in TOKEN_RE.finditer(term)
                ]
                if not forms:
                    continue
                # the term as written, and the term with every word lemmatised again
                variants = {tuple(f[0] for f in forms), tuple(f[-1] for f in forms)}
                for parts in sorted(variants):
                    entry = (parts, term, tl.category)
                    first = parts[0]
                    if first.endswith("*"):
                        self._prefix.setdefault(first[:3], []).append(entry)
                    else:
                        self._exact.setdefault(first, []).append(entry)
        for entries in (*self._exact.values(), *self._prefix.values()):
            entries.sort(key=lambda e: -len(e[0]))
        # multi-word terms whose first two tokens are plain words, indexed by that pair, so a
        # common first word ("the", "a") costs one lookup instead of a scan of its terms
        self._pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], str, str]]] = {}
        for first, entries in list(self._exact.items()):
            keep = []
            for e in entries:
                if len(e[0]) >= 2 and not e[0][1].endswith("*"):
                    self._pairs.setdefault((first, e[0][1]), []).append(e)
                else:
                    keep.append(e)
            self._exact[first] = keep
        self._keys = frozenset(self._exact) | {a for a, _ in self._pairs}
        self._pkeys = frozenset(self._prefix)

    @functools.cached_property
    def single_words(self) -> frozenset[str]:
        """Match forms of the one-word terms (wildcards excluded)."""
        return frozenset(p[0] for es in self._exact.values() for p, _, _ in es if len(p) == 1)

    @property
    def start_forms(self) -> frozenset[str]:
        """Normalised forms that can start a term (wildcard terms excluded)."""
        return self._keys

    @staticmethod
    def _tok_ok(pattern: str, norm: str, lower: str) -> bool:
        if pattern[-1] == "*":
            stem = pattern[:-1]
            return norm.startswith(stem) or lower.startswith(stem)
        return norm == pattern

    def find(self, tokens: Tokens, lo: int = 0, hi: int | None = None) -> list[Match]:
        """Matches among tokens[lo:hi], in order, longest first, not overlapping."""
        norms, lowers = tokens.norm, tokens.lower
        n = len(norms) if hi is None else hi
        # candidate forms: those that begin a term (a C-level set intersection), plus forms whose
        # first three letters begin a wildcard term; then one pass for their positions
        forms = self._keys.intersection(tokens.forms)
        if self._pkeys:
            forms |= tokens.forms_with_prefix(self._pkeys)
        if not forms:
            return []
        cand = tokens.positions(forms)
        out: list[Match] = []
        exact, prefix, pairs = self._exact, self._prefix, self._pairs
        ok = self._tok_ok
        skip_to = lo
        last = -1
        for i in cand:
            if i < skip_to or i == last or i >= n:
                continue
            last = i
            nm = norms[i]
            best: Match | None = None
            pair = pairs.get((nm, norms[i + 1])) if i + 1 < n else None
            groups = (pair or (), exact.get(nm, ()), prefix.get(nm[:3], ()) if self._pkeys else ())
            for group in groups:
                for parts, term, cat in group:
                    k = len(parts)
                    if best is not None and k <= best.end_token - best.start_token:
                        break
                    if i + k > n:
                        continue
                    if k == 1:
                        if ok(parts[0], nm, lowers[i]):
                            best = Match(i, i + 1, term, cat)
                            break
                        continue
                    if all(ok(parts[j], norms[i + j], lowers[i + j]) for j in range(k)):
                        best = Match(i, i + k, term, cat)
                        break
            if best is not None:
                out.append(best)
                skip_to = best.end_token
        return out


@functools.lru_cache(maxsize=None)
def matcher(lang: str, kind: str, name: str | None = None) -> TermMatcher | None:
    """A cached matcher over all lists of one kind (or one named list) for a language."""
    lists = term_lists(lang, kind)
    if name is not None:
        lists = tuple(tl for tl in lists if tl.path.stem == name)
    if not lists:
        return None
    return TermMatcher(lists, lang)


@functools.lru_cache(maxsize=None)
def term_set(lang: str, kind: str, name: str) -> frozenset[str]:
    """Normalised single-word terms of one list (for fast membership tests)."""
    lists = [tl for tl in term_lists(lang, kind) if tl.path.stem == name]
    return frozenset(
        f for tl in lists for t in tl.terms if " " not in t and "*" not in t
        for f in list_forms(t, lang)
    )
