"""A fast, exact port of VADER's sentence scorer (vaderSentiment 3.3.2).

``vaderSentiment.SentimentIntensityAnalyzer().polarity_scores`` is the reference (Hutto &
Gilbert 2014). :class:`VaderScorer` returns the same ``neg``/``neu``/``pos``/``compound`` values
(the same floats, rounded the same way) for any input string, several times faster, because it

* lowercases every token once per sentence (the reference re-lowercases the whole token list
  inside its per-word helpers),
* skips emoji substitution unless the text holds a character of the emoji lexicon (one regex scan),
* returns at once when no token can carry valence: only tokens found in the lexicon (and not
  boosters, and not "kind" in "kind of") get a non-zero valence in VADER, and every other rule
  (boosters, negation, "least", "but", idioms, caps, punctuation) only rescales those valences,
* keeps only the non-zero valences (zeros change neither the sums nor the ``but`` rescaling),
* builds the special-idiom n-grams only when two adjacent words of the window begin an idiom.

The rules are ported line by line, including the reference's quirks, so that the result is the
same and not merely close:

* ``_but_check`` rescales the *first* valence equal to the current one (``list.index``), which
  for repeated values is not the current position;
* in ``_negation_check`` at distance 3 the test is ``(never and so/this) or so/this``, so a
  "so"/"this" right before the word multiplies it by 1.25;
* booster, negation and idiom rules for a preceding word fire only when that word is not itself
  a lexicon entry;
* a lexicon word in ALL CAPS (with other words not in caps) gets ``-C_INCR`` when its valence is
  0 (the "no" + lexicon word case).

Tokens of one character are *not* dropped: vaderSentiment 3.3.2 keeps them (older releases did
not), and the port follows 3.3.2.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import string
from dataclasses import dataclass
from importlib import resources

# The rule constants come from the reference itself (B_INCR/B_DECR reach us through BOOSTER_DICT;
# SENTIMENT_LADEN_IDIOMS is "future work" there: polarity_scores never consults it).
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
)

__all__ = ["VaderScorer", "get_scorer"]

_PUNCT = string.punctuation
_NEGATE = frozenset(NEGATE)  # negated([w]) for a lowercased w: w in _NEGATE or "n't" in w
_OR_NOR = ("or", "nor")


def _read_package_text(name: str) -> str:
    # vaderSentiment opens its files with codecs.open (binary mode + utf-8 decoding): no newline
    # translation, so read the bytes and decode them the same way.
    return resources.files("vaderSentiment").joinpath(name).read_bytes().decode("utf-8")


@dataclass(frozen=True)
class _Tables:
    lexicon: dict[str, float]
    scoring: frozenset[str]  # lexicon words that can get a valence (boosters are skipped first)
    emojis: dict[str, str]  # single-character emoji -> description (longer keys never match)
    emoji_re: re.Pattern[str] | None  # candidate characters, see _candidate_re
    # multi-word SPECIAL_CASES / BOOSTER_DICT keys: first word -> the second words that follow it
    idiom_next: dict[str, frozenset[str]]
    least_active: bool


def _candidate_re(chars) -> re.Pattern[str] | None:
    """A regex matching every character of ``chars`` (and possibly a few more).

    The class holds the emoji of the Basic Multilingual Plane as merged ranges, which ``re``
    compiles to a constant-time lookup table, plus the whole astral range: a class listing the
    ~1,000 astral emoji one by one is scanned linearly by ``re`` and was the slowest step of all.
    Candidates are checked against the dictionary afterwards.
    """
    if not chars:
        return None
    ranges: list[list[int]] = []
    for cp in sorted(ord(c) for c in chars if ord(c) < 0x10000):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = [
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    ]
    if any(ord(c) >= 0x10000 for c in chars):
        parts.append("\U00010000-\U0010ffff")
    return re.compile("[" + "".join(parts) + "]")


@functools.lru_cache(maxsize=1)
def _tables() -> _Tables:
    lexicon: dict[str, float] = {}
    for line in _read_package_text("vader_lexicon.txt").rstrip("\n").split("\n"):
        if not line:
            continue
        word, measure = line.strip().split("\t")[0:2]
        lexicon[word] = float(measure)

    emojis: dict[str, str] = {}
    for line in _read_package_text("emoji_utf8_lexicon.txt").rstrip("\n").split("\n"):
        emoji, description = line.strip().split("\t")[0:2]
        emojis[emoji] = description
    # The reference tests `chr in self.emojis` one character at a time: only 1-char keys can hit.
    single = {k: v for k, v in emojis.items() if len(k) == 1}
    emoji_re = _candidate_re(single)

    pairs: dict[str, set[str]] = {}
    for key in itertools.chain(SPECIAL_CASES, BOOSTER_DICT):
        parts = key.split(" ")
        if len(parts) > 1:
            pairs.setdefault(parts[0], set()).add(parts[1])

    return _Tables(
        lexicon=lexicon,
        scoring=frozenset(w for w in lexicon if w not in BOOSTER_DICT),
        emojis=single,
        emoji_re=emoji_re,
        idiom_next={k: frozenset(v) for k, v in pairs.items()},
        least_active="least" not in lexicon,
    )


def _normalize(score: float, alpha: int = 15) -> float:
    norm_score = score / math.sqrt((score * score) + alpha)
    if norm_score < -1.0:
        return -1.0
    if norm_score > 1.0:
        return 1.0
    return norm_score


def _punctuation_emphasis(text: str) -> float:
    ep_count = min(text.count("!"), 4)
    ep_amplifier = ep_count * 0.292
    qm_count = text.count("?")
    qm_amplifier = 0
    if qm_count > 1:
        if qm_count <= 3:
            qm_amplifier = qm_count * 0.18
        else:
            qm_amplifier = 0.96
    return ep_amplifier + qm_amplifier


class VaderScorer:
    """VADER sentence scores equal to vaderSentiment 3.3.2's ``polarity_scores``."""

    __slots__ = ("_emoji_re", "_emojis", "_idiom_next", "_least_active", "_lex", "_scoring")

    def __init__(self) -> None:
        t = _tables()
        self._lex = t.lexicon
        self._scoring = t.scoring
        self._emojis = t.emojis
        self._emoji_re = t.emoji_re
        self._idiom_next = t.idiom_next
        self._least_active = t.least_active

    # -- public API ---------------------------------------------------------------------------

    def compound(self, sentence: str) -> float:
        """The ``compound`` score (rounded to 4 places, as vaderSentiment returns it)."""
        _, vals, text = self._valences(sentence)
        if not vals:
            return 0.0
        sum_s = float(sum(vals))
        if sum_s > 0:
            sum_s += _punctuation_emphasis(text)
        elif sum_s < 0:
            sum_s -= _punctuation_emphasis(text)
        return round(_normalize(sum_s), 4)

    def polarity_scores(self, sentence: str) -> dict[str, float]:
        """``{"neg", "neu", "pos", "compound"}`` exactly as vaderSentiment computes them."""
        n, vals, text = self._valences(sentence)
        if n == 0:
            return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
        if not vals:
            return {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
        sum_s = float(sum(vals))
        punct_emph_amplifier = _punctuation_emphasis(text)
        if sum_s > 0:
            sum_s += punct_emph_amplifier
        elif sum_s < 0:
            sum_s -= punct_emph_amplifier
        compound = _normalize(sum_s)

        pos_sum = 0.0
        neg_sum = 0.0
        for v in vals:
            if v > 0:
                pos_sum += float(v) + 1
            else:
                neg_sum += float(v) - 1
        neu_count = n - len(vals)
        if pos_sum > math.fabs(neg_sum):
            pos_sum += punct_emph_amplifier
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= punct_emph_amplifier
        total = pos_sum + math.fabs(neg_sum) + neu_count
        return {
            "neg": round(math.fabs(neg_sum / total), 3),
            "neu": round(math.fabs(neu_count / total), 3),
            "pos": round(math.fabs(pos_sum / total), 3),
            "compound": round(compound, 4),
        }

    # -- internals ----------------------------------------------------------------------------

    def _replace_emojis(self, text: str) -> str:
        emojis = self._emojis

        def repl(m: re.Match[str]) -> str:
            char = m.group()
            description = emojis.get(char)
            if description is None:  # a candidate that is not an emoji of the lexicon
                return char
            start = m.start()
            # reference: a space goes before the description unless the previous *input*
            # character was an ASCII space (after an emoji, prev_space is False)
            if start == 0 or text[start - 1] == " ":
                return description
            return " " + description

        return self._emoji_re.sub(repl, text)

    def _valences(self, text: str) -> tuple[int, list[float], str]:
        """(number of tokens, non-zero valences in token order after the "but" rule, text).

        ``text`` is the emoji-substituted text, used for the punctuation emphasis.
        """
        if not isinstance(text, str):
            raise TypeError(f"VaderScorer expects a str, got {type(text).__name__}")
        if not text.isascii() and self._emoji_re is not None and self._emoji_re.search(text):
            text = self._replace_emojis(text)
        # (the reference strips the text here: no effect on split() nor on the counts of ! and ?)

        lowered = text.lower()
        if len(lowered) == len(text) and (lowered is text or "\u03a3" not in text):
            # Lowercasing the whole text first gives the same tokens as VADER's strip-then-lower
            # per token when no character changes length (only U+0130 does) and there is no
            # capital sigma (the only context-dependent mapping): whitespace and ASCII
            # punctuation are unchanged by lower() and no other character lowers into them.
            lw = [s if len(s := t.strip(_PUNCT)) > 2 else t for t in lowered.split()]
        else:
            lw = [(s if len(s := t.strip(_PUNCT)) > 2 else t).lower() for t in text.split()]
        n = len(lw)
        if n == 0:
            return 0, [], text
        hit_words = self._scoring.intersection(lw)
        if not hit_words:
            return n, [], text
        # Token positions of the hits, found with C-level list scans.
        hits: list[int] = []
        for hw in hit_words:
            j = -1
            for _ in range(lw.count(hw)):
                j = lw.index(hw, j + 1)
                hits.append(j)
        if len(hits) > 1:
            hits.sort()

        # isupper() ignores the (uncased) ASCII punctuation that VADER strips, so the raw
        # tokens answer it the same way as the stripped ones.
        tokens = text.split()
        lex = self._lex
        booster = BOOSTER_DICT.get
        negate = _NEGATE
        idiom_next = self._idiom_next.get
        least_active = self._least_active
        last = n - 1
        is_cap_diff = None
        pos: list[int] = []

        def boost(j: int, valence: float, decay: float) -> float:
            # scalar_inc_dec: a booster at token j, signed like the valence, emphasised when in
            # capitals among mixed case, decayed with distance (1, 0.95, 0.9)
            nonlocal is_cap_diff
            s = booster(lw[j])
            if s is None:
                return 0.0
            if valence < 0:
                s *= -1
            if tokens[j].isupper():
                if is_cap_diff is None:
                    is_cap_diff = 0 < n - sum(map(str.isupper, tokens)) < n
                if is_cap_diff:
                    s = s + C_INCR if valence > 0 else s - C_INCR
            return s * decay if s != 0 else s

        vals: list[float] = []

        for i in hits:
            w = lw[i]
            if w == "kind" and i < last and lw[i + 1] == "of":
                continue
            base = lex[w]
            valence = base
            if w == "no" and i != last and lw[i + 1] in lex:
                valence = 0.0
            if (
                (i > 0 and lw[i - 1] == "no")
                or (i > 1 and lw[i - 2] == "no")
                or (i > 2 and lw[i - 3] == "no" and lw[i - 1] in _OR_NOR)
            ):
                valence = base * N_SCALAR

            if tokens[i].isupper():
                if is_cap_diff is None:
                    is_cap_diff = 0 < n - sum(map(str.isupper, tokens)) < n
                if is_cap_diff:
                    if valence > 0:
                        valence += C_INCR
                    else:
                        valence -= C_INCR

            # start_i = 0: the word right before
            if i > 0:
                w1 = lw[i - 1]
                if w1 not in lex:
                    valence += boost(i - 1, valence, 1.0)
                    if w1 in negate or "n't" in w1:
                        valence = valence * N_SCALAR

                # start_i = 1: two words before
                if i > 1:
                    w2 = lw[i - 2]
                    if w2 not in lex:
                        valence += boost(i - 2, valence, 0.95)
                        if w2 == "never" and (w1 == "so" or w1 == "this"):
                            valence = valence * 1.25
                        elif w2 == "without" and w1 == "doubt":
                            pass
                        elif w2 in negate or "n't" in w2:
                            valence = valence * N_SCALAR

                    # start_i = 2: three words before
                    if i > 2:
                        w3 = lw[i - 3]
                        if w3 not in lex:
                            valence += boost(i - 3, valence, 0.9)
                            if (w3 == "never" and (w2 == "so" or w2 == "this")) or (
                                w1 == "so" or w1 == "this"
                            ):
                                valence = valence * 1.25
                            elif w3 == "without" and (w2 == "doubt" or w1 == "doubt"):
                                pass
                            elif w3 in negate or "n't" in w3:
                                valence = valence * N_SCALAR
                            # Every n-gram of _special_idioms_check starts with one of the
                            # pairs (w3 w2), (w2 w1), (w1 w), (w, next): build the n-grams only
                            # when one of these pairs begins an idiom.
                            if (
                                ((nx := idiom_next(w3)) is not None and w2 in nx)
                                or ((nx := idiom_next(w2)) is not None and w1 in nx)
                                or ((nx := idiom_next(w1)) is not None and w in nx)
                                or (
                                    i < last
                                    and (nx := idiom_next(w)) is not None
                                    and lw[i + 1] in nx
                                )
                            ):
                                valence = _special_idioms_check(valence, lw, i)

            # _least_check
            if least_active and i > 0 and lw[i - 1] == "least":
                if i > 1:
                    if lw[i - 2] != "at" and lw[i - 2] != "very":
                        valence = valence * N_SCALAR
                else:
                    valence = valence * N_SCALAR

            if valence != 0:
                pos.append(i)
                vals.append(valence)

        if vals and "but" in lw:
            _but_check(lw.index("but"), pos, vals)
        return n, vals, text


def _special_idioms_check(valence: float, lw: list[str], i: int) -> float:
    """vaderSentiment's ``_special_idioms_check`` on the lowercased tokens (``i > 2``)."""
    onezero = f"{lw[i - 1]} {lw[i]}"
    twoonezero = f"{lw[i - 2]} {lw[i - 1]} {lw[i]}"
    twoone = f"{lw[i - 2]} {lw[i - 1]}"
    threetwoone = f"{lw[i - 3]} {lw[i - 2]} {lw[i - 1]}"
    threetwo = f"{lw[i - 3]} {lw[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    n = len(lw)
    if n - 1 > i:
        zeroone = f"{lw[i]} {lw[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if n - 1 > i + 1:
        zeroonetwo = f"{lw[i]} {lw[i + 1]} {lw[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


def _but_check(bi: int, pos: list[int], vals: list[float]) -> None:
    """vaderSentiment's ``_but_check`` on the non-zero valences, in place.

    The reference walks the full list and rescales ``sentiments.index(sentiment)``, the first
    entry equal to the current value. Zero entries only ever rescale a zero (no effect), and a
    non-zero value never equals a zero, so walking the non-zero entries gives the same list.
    """
    for k in range(len(vals)):
        v = vals[k]
        j = vals.index(v)
        si = pos[j]
        if si < bi:
            vals[j] = v * 0.5
        elif si > bi:
            vals[j] = v * 1.5


@functools.lru_cache(maxsize=1)
def get_scorer() -> VaderScorer:
    """The shared scorer (the lexicon is loaded once per process)."""
    return VaderScorer()
