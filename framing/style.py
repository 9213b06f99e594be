"""The style channel: function-word and punctuation n-grams of a masked text.

Text distortion (Stamatatos 2017, "Authorship attribution using text distortion"): every word
outside a short list of the language's most frequent function words is replaced by its shape
(``X`` capitalised, ``x`` lower case, ``0`` a number), punctuation, quote marks and dashes stay.
What is left is how an outlet writes (``" , X said .``, ``according to X``, ``x ! !``, ``we x
the x``), not what it writes about: the topic words that a bag of words learns are gone, so the
channel carries over to a corpus about one event it never saw.

Two choices make it robust to how a text was collected:

- quote marks and dashes are folded to one form each (``“”„«»"`` -> ``"``, ``–—`` -> ``-``):
  which ones a page uses is a property of its CMS, not its framing;
- apostrophes are never tokens ("don't" and "dont" mask alike); commas are kept by default
  (held out, they helped: tuning protocol macro-F1 0.779 against 0.755 without them, and a text
  whose commas were stripped at the source still scored as well as the intact one), dropped for
  models trained that way (``framing-ru-v1``); each model records its set.

The same function serves training and scoring, so the two can never disagree; scoring needs
only this module and the model's arrays (no scikit-learn).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from typing import Iterable, Iterator, Sequence

import numpy as np

from .lexicon import scan

_PUNCT_FOLD = {
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "＂": '"',
    "‘": "'", "‚": "'", "‹": '"', "›": '"',
    "–": "-", "—": "-", "―": "-", "‒": "-", "−": "-",
    "…": ".",
}
# Never tokens: apostrophes (a source may strip them; "don't" and "dont" mask alike) and, for
# models trained so (framing-ru-v1), commas. A model records its set (``style_drop``).
DROP_APOSTROPHES = "'’ʼ`´"
DROP_COMMAS_TOO = ",'’ʼ`´"


@functools.lru_cache(maxsize=None)
def _token_re(drop: str) -> re.Pattern:
    """A word (letters of any script, with inner apostrophes), a number, or one punctuation
    character other than the dropped ones. Offsets are into the original text."""
    return re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*|\d+(?:[.,:]\d+)*|[^\w\s"
                      + re.escape("".join(sorted(set(drop)))) + "]")


def style_input(text: str, credits: Sequence[dict] = ()) -> str:
    """The text the style channel reads: the document with its datelines blanked out (same
    length, so offsets hold). A dateline ("PYONGYANG, May 2 (KCNA) --", "MOSCOW, May 2 /TASS/")
    is an agency's house format: it says which agency, not how it frames, and it would tie the
    channel to the agencies of the training corpus (the registry keeps it as evidence)."""
    spans = [(c["start"], c["end"]) for c in credits if c.get("kind") == "dateline"]
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            if not chars[i].isspace():
                chars[i] = " "
    return "".join(chars)


class MaskedText:
    """Masked tokens of a text and their character offsets in the original (given by
    :func:`mask`, which reads both in one scan; computed on first use otherwise)."""

    __slots__ = ("tokens", "_text", "_spans", "_drop", "_grams", "_starts", "_ends")

    def __init__(self, tokens: Sequence[str], text: str = "", drop: str = DROP_APOSTROPHES,
                 starts: list[int] | None = None, ends: list[int] | None = None):
        self.tokens: tuple[str, ...] = tuple(tokens)
        self._text = text
        self._drop = drop
        # the offsets as two lists of ints (mask gives them; no tuple a token to keep); the
        # (start, end) pairs are made from them only when asked for
        self._starts, self._ends = starts, ends
        self._spans: tuple[tuple[int, int], ...] | None = None
        self._grams: tuple[tuple[int, ...], dict[int, list[str]]] | None = None

    def grams(self, orders: Sequence[int]) -> dict[int, list[str]]:
        """Every n-gram of each order in text order (:func:`_grams`), built once: counting
        them for the model and locating them for its reasons read the same lists."""
        key = tuple(sorted(set(orders)))
        if self._grams is None or not set(key) <= set(self._grams[0]):
            self._grams = (key, _grams(self.tokens, key))
        memo = self._grams[1]
        return {n: memo[n] for n in key}

    def offsets(self) -> tuple[list[int], list[int]]:
        """The tokens' start and end offsets, as two lists (scanned now if :func:`mask` did not
        give them)."""
        if self._starts is None:
            self._starts, self._ends = scan(_token_re(self._drop), self._text)
        return self._starts, self._ends

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        if self._spans is None:
            self._spans = tuple(zip(*self.offsets()))
        return self._spans

    @property
    def starts(self) -> tuple[int, ...]:
        return tuple(self.offsets()[0])

    @property
    def ends(self) -> tuple[int, ...]:
        return tuple(self.offsets()[1])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MaskedText) and (self.tokens, self.spans) == (other.tokens, other.spans)

    def __repr__(self) -> str:
        return f"MaskedText({len(self.tokens)} tokens)"


# word -> masked token, per function-word list: most words of a corpus repeat, so each is
# shaped once (bounded, so a stream of unique strings cannot grow it without limit)
_MEMO: dict[tuple[frozenset, str], dict[str, str]] = {}
_MEMO_MAX = 500_000


def _shape(w: str, keep: frozenset[str]) -> str:
    """The masked token of one regex token ("" for a dropped character)."""
    c = w[0]
    if c.isalpha():
        lw = w.lower()
        if "'" in lw or "’" in lw or "ʼ" in lw:
            lw = lw.replace("'", "").replace("’", "").replace("ʼ", "")
        if lw in keep:
            return lw
        return "X" if c.isupper() else "x"
    if c.isdigit():
        return "0"
    return _PUNCT_FOLD.get(c, c)


def mask(text: str, keep: frozenset[str], drop: str = DROP_APOSTROPHES) -> MaskedText:
    """Mask ``text``: words in ``keep`` (lower-cased) stay, others become their shape; the
    characters in ``drop`` are no tokens at all."""
    memo = _MEMO.get((keep, drop))
    if memo is None:
        memo = _MEMO.setdefault((keep, drop), {})
    # the offsets are kept: a reason's spans read them
    starts, ends, words = scan(_token_re(drop), text, texts=True)
    toks = list(map(memo.get, words))  # in C; None for a word not shaped before
    if None in toks:
        for i, tok in enumerate(toks):
            if tok is None:
                w = words[i]
                toks[i] = tok = _shape(w, keep)
                if len(memo) < _MEMO_MAX:
                    memo[w] = tok
    return MaskedText(toks, text, drop=drop, starts=starts, ends=ends)


def _grams(tokens: Sequence[str], orders: Sequence[int]) -> dict[int, list[str]]:
    """Every n-gram of each order, in text order (position i starts at token i)."""
    out: dict[int, list[str]] = {}
    if not orders:
        return out
    tokens = list(tokens)
    for n in orders:  # the n tokens from each position, joined in C
        out[n] = tokens if n == 1 else list(map(" ".join, zip(*(tokens[k:] for k in range(n)))))
    return out


def ngrams(masked: MaskedText, orders: Sequence[int]) -> Iterator[tuple[str, int, int]]:
    """Every n-gram of the given orders: (``"tok tok tok"``, start, end), order by order."""
    spans = masked.spans
    for n, grams in masked.grams(orders).items():
        for i, g in enumerate(grams):
            yield g, spans[i][0], spans[i + n - 1][1]


def ngram_counts(masked: MaskedText, orders: Sequence[int]) -> dict[str, int]:
    """Counts of every n-gram of the given orders."""
    counts: Counter[str] = Counter()
    for grams in masked.grams(orders).values():
        counts.update(grams)
    return dict(counts)


def weigh(counts: dict[str, int], vocab: dict[str, int], idf: Sequence[float]
          ) -> tuple[list[int], list[float]]:
    """Sparse TF-IDF row over a fixed vocabulary: (1 + log tf) x idf, L2-normalised.

    Returns column indices and values (n-grams outside the vocabulary are ignored).
    """
    idx, val = weigh_arrays(counts, vocab, np.asarray(idf, dtype=np.float64))
    return idx.tolist(), val.tolist()


def weigh_arrays(counts: dict[str, int], vocab: dict[str, int], idf: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`weigh` as arrays, without a Python loop over the text's n-grams. The same floats
    in the same order: each value is (1 + log tf) x idf with ``math.log``, and the norm is the
    left-to-right sum of the squares, as the plain loop gives them."""
    n = len(counts)
    js = np.fromiter(map(vocab.get, counts, itertools.repeat(-1)), dtype=np.int64, count=n)
    keep = js >= 0
    if not keep.any():
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    js = js[keep]
    tf = np.fromiter(counts.values(), dtype=np.float64, count=n)[keep]
    val = (1.0 + np.fromiter(map(math.log, tf.tolist()), dtype=np.float64, count=len(js))) * idf[js]
    norm = math.sqrt(sum((val * val).tolist()))
    if norm > 0:
        val = val / norm
    return js, val


def locate(masked: MaskedText, grams: Iterable[str], orders: Sequence[int],
           limit: int = 20) -> dict[str, list[list[int]]]:
    """Character spans of the given n-grams in the original text (at most ``limit`` each)."""
    wanted = set(grams)
    spans: dict[str, list[list[int]]] = {g: [] for g in wanted}
    needed = sorted({g.count(" ") + 1 for g in wanted} & set(orders))
    starts, ends = masked.offsets()
    for n, seq in masked.grams(needed).items():
        for i in [i for i, g in enumerate(seq) if g in wanted]:
            found = spans[seq[i]]
            if len(found) < limit:
                found.append([starts[i], ends[i + n - 1]])
    return spans


__all__ = ["MaskedText", "style_input", "mask", "ngrams", "ngram_counts", "weigh", "locate"]
