"""framing.style: the masked text the style channel reads (Stamatatos 2017 text distortion).

Every text here is written for the test, about invented events.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from framing.style import (DROP_APOSTROPHES, DROP_COMMAS_TOO, MaskedText, locate, mask,
                           ngram_counts, ngrams, weigh)
from framing.train import degrade_text, function_words

KEEP = frozenset({"the", "we", "said", "it", "its", "of", "to", "according", "a", "on", "was"})

TEXT = ('GENEVA, May 3 (Agency) – “We don’t know,” the Minister’s aide said — it\'s 1,200 '
        '«new» cases… Really?! According to a statement, the plan was “on schedule”.')


def _surface(text: str, m: MaskedText) -> list[str]:
    return [text[s:e] for s, e in zip(m.starts, m.ends)]


# -- masking --------------------------------------------------------------------------------------

def test_function_words_stay_lower_cased_and_other_words_become_their_shape():
    m = mask("The Minister said the bridge of Tver was ready on 14 May", KEEP)
    assert m.tokens == ("the", "X", "said", "the", "x", "of", "X", "was", "x", "on", "0", "X")


def test_numbers_become_zero_whole():
    m = mask("It cost 4.2 billion, or 1,200 units, at 10:30 on 3 May", KEEP, DROP_COMMAS_TOO)
    assert m.tokens == ("it", "x", "0", "x", "x", "0", "x", "x", "0", "on", "0", "X")
    # by default commas are tokens, but not the one inside a number
    m = mask("It cost 4.2 billion, or 1,200 units, at 10:30 on 3 May", KEEP)
    assert m.tokens == ("it", "x", "0", "x", ",", "x", "0", "x", ",", "x", "0", "on", "0", "X")


def test_punctuation_stays_quote_marks_and_dashes_are_folded():
    for quoted in ('"x"', "“x”", "„x“", "«x»", "‹x›", "＂x＂"):
        assert mask(quoted, KEEP).tokens == ('"', "x", '"'), quoted
    for dash in ("-", "–", "—", "―", "‒", "−"):
        assert mask(f"a {dash} b", KEEP).tokens == ("a", "-", "x"), dash
    assert mask("Wait… what?! (yes): [no]; fine.", KEEP).tokens == (
        "X", ".", "x", "?", "!", "(", "x", ")", ":", "[", "x", "]", ";", "x", ".")


def test_apostrophes_are_dropped_and_commas_kept_by_default():
    m = mask("Yes, we know, the officials' plan, it's done, Agency`s ´x", KEEP)
    assert m.tokens == ("X", ",", "we", "x", ",", "the", "x", "x", ",", "its", "x", ",", "X",
                        "x", "x")
    assert DROP_APOSTROPHES == "'’ʼ`´"


def test_commas_and_apostrophes_are_dropped_for_models_trained_so():
    m = mask("Yes, we know, the officials' plan, it's done, Agency`s ´x", KEEP, DROP_COMMAS_TOO)
    assert "," not in m.tokens and "'" not in m.tokens
    assert "`" not in m.tokens and "´" not in m.tokens
    # a word with an inner apostrophe is one token, read without it ("it's" is "its")
    assert m.tokens == ("X", "we", "x", "the", "x", "x", "its", "x", "X", "x", "x")
    assert mask("don’t isnʼt", KEEP).tokens == ("x", "x")


def test_a_text_stripped_of_apostrophes_masks_identically():
    keep = function_words("en")
    text = "The agency's plan isn't 'fair', they’d say; it’s the ’90s."
    stripped = text.translate({ord(c): None for c in "'’"})
    assert mask(text, keep).tokens == mask(stripped, keep).tokens


def test_a_text_stripped_of_commas_and_apostrophes_masks_identically_without_commas():
    keep = function_words("en")
    texts = [
        TEXT,
        "Officials said, according to the agency's statement, that the plan's cost, 1,500 "
        "dollars, was 'fair'. 'It isn't over,' he said. Rock'n'roll, they’d say; it’s the ’90s.",
    ]
    for text in texts:
        intact = mask(text, keep, DROP_COMMAS_TOO)
        degraded = mask(degrade_text(text), keep, DROP_COMMAS_TOO)
        assert intact.tokens == degraded.tokens
        assert ngram_counts(intact, (1, 2, 3)) == ngram_counts(degraded, (1, 2, 3))


def test_offsets_point_at_the_tokens_in_the_original_text():
    keep = function_words("en")
    m = mask(TEXT, keep)
    assert len(m.tokens) == len(m.starts) == len(m.ends)
    assert list(m.starts) == sorted(m.starts)
    surface = _surface(TEXT, m)
    assert surface[:10] == ["GENEVA", ",", "May", "3", "(", "Agency", ")", "–", "“", "We"]
    assert "don’t" in surface and "Minister’s" in surface and "it's" in surface
    assert "1,200" in surface and "…" in surface
    assert "'" not in surface and "’" not in surface
    assert "," not in _surface(TEXT, mask(TEXT, keep, DROP_COMMAS_TOO))
    for tok, piece in zip(m.tokens, surface):
        # each stretch of the text masks to its own token
        assert mask(piece, keep).tokens == (tok,), (tok, piece)


def test_the_masked_text_keeps_no_content_word():
    keep = function_words("en")
    m = mask(TEXT, keep)
    for tok in m.tokens:
        assert tok in keep or tok in {"X", "x", "0"} or not tok.isalnum(), tok
    assert "Geneva" not in " ".join(m.tokens).lower().split()


def test_every_script_is_masked():
    m = mask("Министр заявил: «Всё под контролем» — 12 мая.", frozenset({"под"}))
    assert m.tokens == ("X", "x", ":", '"', "X", "под", "x", '"', "-", "0", "x", ".")


def test_empty_text():
    assert mask("", KEEP) == MaskedText((), "")
    assert ngram_counts(mask("", KEEP), (1, 2, 3)) == {}
    assert list(ngrams(mask("   ", KEEP), (1, 2))) == []


# -- n-grams, weights, spans ----------------------------------------------------------------------

def test_ngrams_in_text_order_with_spans():
    text = "The mayor said it."
    m = mask(text, KEEP)
    assert m.tokens == ("the", "x", "said", "it", ".")
    got = list(ngrams(m, (1, 2)))
    assert [g for g, _, _ in got] == ["the", "x", "said", "it", ".",
                                     "the x", "x said", "said it", "it ."]
    spans = {g: text[s:e] for g, s, e in got}
    assert spans["x said"] == "mayor said"
    assert spans["it ."] == "it."
    assert list(ngrams(m, (6,))) == []  # longer than the text


def test_ngram_counts_count_every_ngram_of_the_orders():
    keep = function_words("en")
    m = mask(TEXT + " " + TEXT, keep)
    counts = ngram_counts(m, (1, 2, 3))
    assert counts == dict(Counter(g for g, _, _ in ngrams(m, (1, 2, 3))))
    n = len(m.tokens)
    assert sum(counts.values()) == n + (n - 1) + (n - 2)
    assert counts["said"] == 2
    assert counts['" we x'] == 2
    assert set(ngram_counts(m, (2,))) == {g for g in counts if g.count(" ") == 1}


def test_weigh_is_sublinear_tfidf_l2_normalised_over_the_vocabulary():
    counts = {"the x": 3, "said": 1, "x .": 2, "not in vocab": 5}
    vocab = {"said": 0, "the x": 1, "x .": 2, "unused": 3}
    idf = [2.0, 1.5, 1.0, 9.0]
    idx, val = weigh(counts, vocab, idf)
    raw = {1: (1 + math.log(3)) * 1.5, 0: 1.0 * 2.0, 2: (1 + math.log(2)) * 1.0}
    norm = math.sqrt(sum(v * v for v in raw.values()))
    assert sorted(idx) == [0, 1, 2]  # n-grams outside the vocabulary are ignored
    for j, v in zip(idx, val):
        assert v == pytest.approx(raw[j] / norm, rel=1e-12)
    assert math.fsum(v * v for v in val) == pytest.approx(1.0)
    assert weigh({"not in vocab": 2}, vocab, idf) == ([], [])
    assert weigh({}, vocab, idf) == ([], [])


def test_locate_gives_the_spans_of_each_ngram():
    text = "The mayor said it. The council said it, too. The mayor said so."
    m = mask(text, KEEP)
    spans = locate(m, ["x said", "the x said it", "absent gram"], (2, 4))
    assert [text[s:e] for s, e in spans["x said"]] == ["mayor said", "council said", "mayor said"]
    assert [text[s:e] for s, e in spans["the x said it"]] == ["The mayor said it",
                                                              "The council said it"]
    assert spans["absent gram"] == []
    # an order not asked for is not looked for; limit caps the spans per n-gram
    assert locate(m, ["x said"], (3,))["x said"] == []
    assert len(locate(m, ["x said"], (2,), limit=2)["x said"]) == 2


def test_vocabulary_keeps_ngrams_a_share_of_the_training_outlets_use():
    import numpy as np

    from framing.train import GramIndex

    # outlets a, b, c, d, e: "the x" in all five, "x said" in three, "x !" in one (a house habit)
    counts = [{"the x": 2, "x said": 1}, {"the x": 1, "x said": 1}, {"the x": 1, "x said": 2},
              {"the x": 1}, {"the x": 3, "x !": 4}, {"the x": 1, "x !": 2}]
    outlets = np.array(["a", "b", "c", "d", "e", "e"])
    gi = GramIndex(counts)
    rows = np.arange(6)

    def vocab(**kw):
        cols, idf = gi.vocabulary(rows, outlets, min_df=1, orders=(2,), **kw)
        assert len(idf) == len(cols)
        return sorted(gi.grams[cols])

    assert vocab(min_outlets=1) == ["the x", "x !", "x said"]
    assert vocab(min_outlets=2) == ["the x", "x said"]
    assert vocab(min_outlets=1, min_outlet_share=0.6) == ["the x", "x said"]  # 3 of 5 outlets
    assert vocab(min_outlets=1, min_outlet_share=0.61) == ["the x"]  # 4 of 5
    # the share counts the outlets of the rows given (a fold's training rows), not of the corpus
    cols, _ = gi.vocabulary(np.array([0, 1, 4, 5]), outlets, 1, 1, (2,), min_outlet_share=0.65)
    assert sorted(gi.grams[cols]) == ["the x", "x said"]  # 2 of 3 outlets


def test_masked_text_offsets_from_the_mask_scan_equal_a_fresh_scan_and_pickle():
    import pickle

    text = 'He said: "No, never." 12 times — it’s 3.5 km.'
    m = mask(text, frozenset({"said", "no"}))
    fresh = MaskedText(m.tokens, text)  # offsets computed on first use, by a scan of its own
    assert m.spans == fresh.spans and m.starts == fresh.starts and m.ends == fresh.ends
    assert [text[s:e] for s, e in m.spans][:4] == ["He", "said", ":", '"']
    back = pickle.loads(pickle.dumps(m))
    assert back == m
    assert back.tokens == m.tokens and back.spans == m.spans


def test_weigh_arrays_gives_weigh_values_in_order():
    from framing.style import weigh_arrays

    counts = {"x said": 3, "not in vocab": 5, "the x": 1, ", x": 2}
    vocab = {", x": 0, "the x": 1, "x said": 2}
    idf = [1.5, 0.5, 2.0]
    idx, val = weigh_arrays(counts, vocab, np.asarray(idf))
    assert idx.tolist() == [2, 1, 0]  # the counts' order, n-grams outside the vocabulary dropped
    assert (idx.tolist(), val.tolist()) == weigh(counts, vocab, idf)
    plain = [(1.0 + math.log(c)) * idf[vocab[g]] for g, c in counts.items() if g in vocab]
    norm = math.sqrt(sum(v * v for v in plain))
    assert val.tolist() == [v / norm for v in plain]
