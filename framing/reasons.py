"""Reasons a reader can check: why a document got its label, in plain words, with examples.

A label comes from two kinds of evidence (:mod:`framing.model`): the style channel's n-grams and,
from framing-en-v3 on, named registry features (the evidence stage). Neither is shown raw: an
n-gram of word shapes ("x of the", "0", "X x") says nothing a reader can check. Instead:

- every n-gram of the style channel belongs to a **family** (``features/<lang>/style/
  families.txt``: reporting verbs, first person, second person, hedges, contrast and negation,
  emphasis, reasoning words, noun-phrase links; plus quotation marks, questions and
  exclamations, numbers, capitalised names and titles, content-word noun phrases and other
  punctuation, which every language shares). A family's contribution is the sum of its
  n-grams'; it is shown with the words the text used and where ("reports speech with “said”
  (14 times)"). N-grams of no family (plain function words) weigh but are never shown;
- each registry feature of the evidence stage is one reason with its own sentence and the
  evidence behind it (the quotes with deferential verbs, the honorifics in the outlet's voice).

Each reason says which label it pushes towards (the predicted one or another) and how much
(``weight``: its effect on the predicted label's logit against the mean of the others';
negative = against the label). :func:`top_reasons` returns the strongest 3-5.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from .resources import term_list
from .schema import LABELS

# Families every language has, by token shape (framing.style folds quotes, dashes, ellipses).
QUOTATION, QUESTIONS, NUMBERS, NAMES, NOUNS, PUNCT = (
    "quotation", "questions", "numbers", "names", "noun_phrases", "punctuation")
# Order of precedence when an n-gram has tokens of several families.
ORDER = ("reporting", QUOTATION, QUESTIONS, "first_person", "second_person", "hedges",
         "contrast", "emphasis", "reasoning", NUMBERS, NAMES, NOUNS, PUNCT)

# How each family reads in a reason (English: the report's language). {words} lists the words
# the text used with their counts; {n} is how often the family's tokens occur; {example} is
# the text of its strongest n-gram's first occurrence.
PHRASES: dict[str, str] = {
    "reporting": "reports speech with {words}",
    QUOTATION: "quotes people directly ({n} quotation marks)",
    QUESTIONS: "asks questions or exclaims ({words})",
    "first_person": "writes in the first person ({words})",
    "second_person": "addresses the reader as “you” ({words})",
    "hedges": "hedges with {words}",
    "contrast": "argues by contrast and negation ({words})",
    "emphasis": "emphasises with {words}",
    "reasoning": "explains and argues with {words}",
    NUMBERS: "gives figures and dates ({n} numbers)",
    NAMES: "strings names and titles together, e.g. “{example}”",
    NOUNS: "runs content words together (dense noun phrases), e.g. “{example}”",
    PUNCT: "uses colons, dashes and brackets, e.g. “{example}”",
}
TITLES: dict[str, str] = {
    "reporting": "Reporting verbs", QUOTATION: "Quotation marks", QUESTIONS:
    "Questions and exclamations", "first_person": "First person", "second_person":
    "Second person", "hedges": "Hedges", "contrast": "Contrast and negation", "emphasis":
    "Emphasis", "reasoning": "Reasoning words", NUMBERS: "Numbers and dates", NAMES:
    "Names and titles", NOUNS: "Noun phrases", PUNCT: "Colons, dashes and brackets",
}
MAX_REASONS = 5
MIN_REASONS = 3
MAX_SPANS = 20


@functools.lru_cache(maxsize=None)
def word_families(lang: str) -> dict[str, str]:
    """Function word -> family key, from ``features/<lang>/style/families.txt`` (empty when the
    language has no file: then only the shape families exist)."""
    tl = term_list(lang, "style", "families")
    out: dict[str, str] = {}
    for line in tl.terms if tl else ():
        key, _, words = line.partition(":")
        key = key.strip()
        if key not in ORDER:
            raise ValueError(f"{tl.path}: unknown family {key!r} (known: {', '.join(ORDER)})")
        for w in words.split():
            out.setdefault(w.lower(), key)
    return out


def _token_family(tok: str, words: dict[str, str]) -> str | None:
    fam = words.get(tok)
    if fam is not None:
        return fam
    if tok == '"':
        return QUOTATION
    if tok in ("?", "!"):
        return QUESTIONS
    if tok in ("0", "$", "%", "€", "£"):
        return NUMBERS
    if tok == "X":
        return NAMES
    if tok == "x":
        return NOUNS
    if len(tok) == 1 and not tok.isalnum() and tok not in ".,":
        return PUNCT
    return None


def gram_family(gram: str, lang: str) -> str | None:
    """The family of one masked n-gram (None: plain function words, never shown)."""
    words = word_families(lang)
    fams = {f for f in (_token_family(t, words) for t in gram.split()) if f is not None}
    if not fams:
        return None
    if fams <= {NAMES, NOUNS, PUNCT}:  # shapes only: punctuation, names when capitals lead, nouns
        if PUNCT in fams:
            return PUNCT
        toks = gram.split()
        if NAMES in fams and toks.count("X") >= toks.count("x"):
            return NAMES
        return NOUNS if NOUNS in fams else (NAMES if NAMES in fams else PUNCT)
    return next(f for f in ORDER if f in fams)


@dataclass
class Reason:
    key: str  # family ("style:reporting") or registry feature name
    kind: str  # "style" | "feature"
    text: str
    label: str  # the label this evidence concerns
    direction: str  # "towards" | "against" that label
    weight: float  # effect on the predicted label's logit against the others' (+ = for it)
    spans: list[list[int]]
    count: int

    def as_dict(self) -> dict[str, Any]:
        return {"reason": f"{self.text} ({self.direction} {self.label})", "key": self.key, "kind": self.kind, "label": self.label,
                "direction": self.direction, "weight": round(self.weight, 4),
                "count": self.count, "spans": self.spans}


def _quote_words(ws: Sequence[str], limit: int = 3) -> str:
    c = Counter(w.lower() for w in ws)
    parts = [f"“{w}” ({k} time{'s' if k > 1 else ''})" for w, k in c.most_common(limit)]
    return ", ".join(parts)


def family_codes(families: Sequence[str | None]) -> tuple[np.ndarray, tuple[str, ...]]:
    """The families of a vocabulary as integer codes (-1: no family) and the code's names."""
    names = tuple(sorted({f for f in families if f is not None}, key=ORDER.index))
    index = {f: i for i, f in enumerate(names)}
    return np.array([index.get(f, -1) if f is not None else -1 for f in families],
                    dtype=np.int64), names


def style_reasons(text: str, masked, gram_idx: np.ndarray, contrib: np.ndarray,
                  grams: Sequence[str], families, label_idx: int,
                  lang: str = "en", keep: int = 8) -> list[Reason]:
    """One reason per family of the text's n-grams, for the ``keep`` families that move the
    label most: ``contrib[k]`` is the per-class contribution (n_classes,) of n-gram
    ``grams[gram_idx[k]]``; ``families`` is the vocabulary's family of each n-gram, as a list
    or as :func:`family_codes`. The text is scanned once for all their examples."""
    from .style import locate

    codes_all, names = families if isinstance(families, tuple) else family_codes(families)
    codes = codes_all[np.asarray(gram_idx, dtype=np.int64)]
    present = np.flatnonzero(codes >= 0)
    # families in the order their first n-gram appears, each with its n-grams in order
    uniq, first = np.unique(codes[present], return_index=True)
    ordered = uniq[np.argsort(first)]
    by_family: dict[str, list[int]] = {
        names[c]: np.flatnonzero(codes == c).tolist() for c in ordered}
    # each family's contribution vector, summed row by row in text order in one array operation
    sums = np.zeros((len(names), contrib.shape[1]))
    np.add.at(sums, codes[present], contrib[present])
    others_idx = [k for k in range(contrib.shape[1]) if k != label_idx]
    fam_effect = (sums[:, label_idx] - sums[:, others_idx].mean(axis=1)).tolist()
    code = {names[c]: c for c in ordered.tolist()}
    effects = {fam: fam_effect[c] for fam, c in code.items()}
    chosen = sorted((f for f, e in effects.items() if e != 0), key=lambda f: -abs(effects[f]))[:keep]
    if not chosen:
        return []
    # the strongest n-grams of each chosen family (and, for names, nouns and punctuation, its
    # strongest n-grams of two words or more, for the example), located in one pass
    top: dict[str, list[str]] = {}
    multi: dict[str, list[str]] = {}
    # each n-gram's own effect, for ranking within a family (one array operation, not a loop)
    gram_effect = np.abs(contrib[:, label_idx] - contrib[:, others_idx].mean(axis=1))
    for fam in chosen:
        ks = np.asarray(by_family[fam], dtype=np.int64)
        strongest = ks[np.argsort(-gram_effect[ks], kind="stable")]  # as sorted() would order them
        top[fam] = [grams[gram_idx[k]] for k in strongest[:5]]
        if fam in (NAMES, NOUNS, PUNCT):
            multi[fam] = list(itertools.islice(
                (g for g in (grams[gram_idx[k]] for k in strongest) if " " in g), 5))
    wanted = {g for gs in (*top.values(), *multi.values()) for g in gs}
    found = locate(masked, wanted, sorted({g.count(" ") + 1 for g in wanted}), limit=MAX_SPANS)
    tokens = _family_tokens(text, masked, set(chosen), lang)
    out = []
    for fam in chosen:
        vec = sums[code[fam]]
        effect = effects[fam]
        # for the label when it raises its margin, else towards the other label it favours most
        towards = LABELS[label_idx] if effect > 0 else LABELS[max(others_idx, key=lambda k: vec[k])]
        ex_spans = merge_spans([sp for g in top[fam] for sp in found.get(g, [])])[:MAX_SPANS]
        words = tokens.get(fam, [])
        n = len(words)
        # the example: a title chain or a phrase, not one capitalised word, where there is one
        # (only the families whose sentence shows one; the others list their words)
        example = ""
        if "{example}" in PHRASES[fam]:
            example = _example(text, [sp for g in multi.get(fam, [])
                                      for sp in found.get(g, [])[:5]], fam) \
                or _example(text, ex_spans, fam)
            if not example:
                continue
        quoted = _quote_words(words) if "{words}" in PHRASES[fam] else ""
        phrase = PHRASES[fam].format(words=quoted or "its words", n=n, example=example)
        if fam == NUMBERS and n == 1:
            phrase = phrase.replace("1 numbers", "1 number")
        out.append(Reason(f"style:{fam}", "style", phrase, towards, "towards", effect, ex_spans, n))
    return out


_SENTENCE_MARK = re.compile(r"[.!?;:]\s")
_LINKS = frozenset("of the and for de la al bin".split())


def _example(text: str, spans: Sequence[Sequence[int]], fam: str) -> str:
    """A short stretch of the text that shows a family: for names and titles the longest run of
    capitalised words (with "of the" links), for the others the longest span, inside one
    sentence, without leading or trailing punctuation."""
    best = ""
    for s, e in spans:
        piece = " ".join(text[s:e].split())
        # keep to one sentence: the longest part between sentence marks
        part = max(_SENTENCE_MARK.split(piece), key=len).strip(" ,.;:!?\"'“”‘’()-–—")
        if fam == NAMES:
            runs, cur = [], []
            for w in part.split():
                if w[:1].isupper() or (cur and w.lower() in _LINKS):
                    cur.append(w)
                else:
                    runs.append(cur)
                    cur = []
            runs.append(cur)
            run = max(runs, key=len)
            while run and run[-1].lower() in _LINKS:
                run = run[:-1]
            part = " ".join(run)
        if len(part) > len(best):
            best = part
    return best[:80]


def merge_spans(spans: Sequence[Sequence[int]]) -> list[list[int]]:
    """Sorted spans with overlapping and nested ones merged."""
    out: list[list[int]] = []
    for s, e in sorted((int(a), int(b)) for a, b in spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


@functools.lru_cache(maxsize=1 << 16)
def _cached_token_family(tok: str, lang: str) -> str | None:
    # masked tokens are function words, shapes and punctuation: a small vocabulary, so a cache
    # answers nearly every call
    return _token_family(tok, word_families(lang))


def _family_tokens(text: str, masked, fams: set[str], lang: str) -> dict[str, list[str]]:
    """The tokens of the text that belong to the given families, by family, each as often as
    it occurs, in order of first occurrence. A family's words are function words kept by the
    mask (lower case, as the reasons quote them) or punctuation, so the masked token is the
    word; the shape families (names, nouns, numbers) are only counted."""
    out: dict[str, list[str]] = {}
    for tok, k in Counter(masked.tokens).items():
        fam = _cached_token_family(tok, lang)
        if fam in fams:
            out.setdefault(fam, []).extend([tok] * k)
    return out


# -- reasons from registry features (the evidence stage) -------------------------------------

def _quotes_of(ex, pred) -> list[dict]:
    return [q for q in ex.quotes if (q.get("speaker") or q.get("kind") == "reported") and pred(q)]


# attribution-verb features: (the quotes' verb_kind, how the reason opens)
_VERB_REASONS = {
    "deferential_verb_share": ("deferential", "introduces its sources with deferential verbs"),
    "distancing_verb_share": ("distancing", "puts distance between itself and its sources"),
}


def feature_reason(name: str, ex, label: str, direction: str, effect: float) -> Reason | None:
    """The sentence and evidence of one registry feature, or None when the document holds no
    evidence to show for it (a feature at its typical value says nothing)."""
    f = ex.features
    v = f.get(name)
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    att = _quotes_of(ex, lambda q: True)
    spans: list[list[int]] = []
    count = 0
    if name in _VERB_REASONS:
        kind, lead = _VERB_REASONS[name]
        qs = [q for q in att if q.get("verb_kind") == kind]
        if not qs:
            return None
        text = (f"{lead} ({_quote_words([q['verb'] for q in qs])}; "
                f"{len(qs)} of {sum(1 for q in att if q.get('verb'))} attributions)")
        spans, count = [[q["start"], q["end"]] for q in qs], len(qs)
    elif name == "official_source_share":
        qs = [q for q in att if q.get("source") == "official"]
        text = (f"cites officials in {len(qs)} of {len(att)} attributions"
                + (f" ({_speakers(qs)})" if qs else ""))
        spans, count = [[q["start"], q["end"]] for q in qs], len(qs)
    elif name == "counter_voice_share":
        qs = [q for q in att if q.get("source") == "counter"]
        text = (f"gives critics, the opposition or independent voices {len(qs)} of {len(att)} "
                "attributions" + (f" ({_speakers(qs)})" if qs else ""))
        spans, count = [[q["start"], q["end"]] for q in qs], len(qs)
    elif name == "top_source_share":
        text = f"lets one source fill most of the story ({v:.0%} of its attributions)"
    elif name == "honorific_own_per_100w":
        hs = ex.honorifics
        if not hs:
            return None
        text = (f"uses honorifics and title chains in its own voice "
                f"({_quote_words([ex.text[h['start']:h['end']] for h in hs])})")
        spans, count = [[h["start"], h["end"]] for h in hs], len(hs)
    elif name.startswith("loaded_") and name.endswith("_own_per_100w"):
        cat = name[len("loaded_"):-len("_own_per_100w")]
        hits = [t for t in ex.loaded_terms if t.get("voice") == "own"
                and cat in (t.get("categories") or [t.get("category")])]
        if not hits:
            return None
        what = {"glorification": "glorifies", "delegitimising": "delegitimises",
                "terror_violence": "speaks of terror and violence",
                "scare_labels": "uses scare labels", "conspiracy_blame": "blames conspiracies",
                "dehumanising_insult": "insults", "loaded_language": "uses emotive words",
                "scare_quotes": "puts words in scare quotes"}.get(cat, cat.replace("_", " "))
        text = f"{what} in its own voice ({_quote_words([t.get('matched') or t['term'] for t in hits])})"
        for t in hits:
            spans.append([t["start"], t["end"]])
            spans.extend([list(r) for r in t.get("repeats") or []])
        count = sum(int(t.get("count") or 1) for t in hits)
    elif name == "mean_sentence_words":
        text = f"writes long sentences ({v:.0f} words on average)" if v >= 20 else \
            f"writes short sentences ({v:.0f} words on average)"
    elif name == "quote_attributed_share":
        direct = [q for q in ex.quotes if q.get("kind") == "direct"]
        named = [q for q in direct if q.get("speaker") and q.get("verb")]
        if not direct:
            return None
        text = f"names who speaks, and how, for {len(named)} of {len(direct)} direct quotations"
        spans, count = [[q["start"], q["end"]] for q in named], len(named)
    elif name == "dated_attribution_share":
        text = f"puts a time on {v:.0%} of what its sources said (“on Monday”, “last week”)"
    elif name == "neutral_verb_share":
        text = f"reports speech with neutral verbs (“said”, “told”) in {v:.0%} of its attributions"
    elif name == "intensifier_per_100w":
        text = f"intensifies (“very”, “utterly”, “blatantly”): {v:.1f} times per 100 words"
    elif name == "sentiment_pos_share":
        text = f"{v:.0%} of its sentences are strongly positive"
    elif name == "sentiment_neg_share":
        text = f"{v:.0%} of its sentences are strongly negative"
    else:
        from .features import FEATURES

        feat = FEATURES.get(name)
        title = feat.title if feat else name
        text = f"{title[:1].lower() + title[1:]}: {v:.3g}"
    return Reason(name, "feature", text, label, direction, effect, merge_spans(spans)[:MAX_SPANS],
                  count)


def _speakers(qs: Sequence[dict], limit: int = 3) -> str:
    c = Counter(" ".join((q.get("speaker") or "").split()) for q in qs if q.get("speaker"))
    return ", ".join(f"“{s}”" for s, _ in c.most_common(limit))


def top_reasons(reasons: Sequence[Reason]) -> list[dict[str, Any]]:
    """The strongest reasons by the size of their effect on the label: at most
    :data:`MAX_REASONS`, and at least :data:`MIN_REASONS` where the text offers them; at least one
    of them supports the label when any does."""
    ranked = sorted(reasons, key=lambda r: -abs(r.weight))
    chosen = ranked[:MAX_REASONS]
    if chosen and not any(r.weight > 0 for r in chosen):
        support = next((r for r in ranked if r.weight > 0), None)
        if support is not None:
            chosen = chosen[:MAX_REASONS - 1] + [support]
    # drop the weakest beyond the minimum when they are tiny next to the strongest
    if len(chosen) > MIN_REASONS:
        top = abs(chosen[0].weight)
        chosen = chosen[:MIN_REASONS] + [r for r in chosen[MIN_REASONS:] if abs(r.weight) >= 0.1 * top]
    return [r.as_dict() for r in chosen]


__all__ = ["ORDER", "PHRASES", "Reason", "TITLES", "feature_reason", "gram_family",
           "style_reasons", "top_reasons", "word_families", "family_codes"]
