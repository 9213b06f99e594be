"""Readers' comments saved with a page are the readers' voice (issue 21, item 7): the thread is
found from a run of entries, everything after its start is comment voice, and no loaded term in
it is counted or shown as the outlet's own."""

from __future__ import annotations

import html

import pytest

import framing
from framing.document import Document
from framing.io.readers import html_document
from framing.pipeline import Scorer

from _threads import BLOG, MENTIONS_COMMENTS, REPLY_THREAD, SHAPES


def own_terms(ex) -> list[tuple[str, int, int]]:
    return [(h["matched"], h["start"], h.get("count", 1)) for h in ex.loaded_terms
            if h["voice"] == "own"]


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_thread_starts_where_its_entries_start_and_is_all_comment_voice(shape):
    article, thread = SHAPES[shape]
    text = article + "\n" + thread
    ex = framing.extract(text)
    [block] = ex.comments
    assert block == {"start": len(article) + 1, "end": len(text)}
    # what the outlet says is what it says without the thread under it
    alone = framing.extract(article)
    assert own_terms(ex) == own_terms(alone)
    assert [(q["text"], q["start"]) for q in ex.quotes] == \
        [(q["text"], q["start"]) for q in alone.quotes]
    # the readers' loaded words are theirs: in comment_terms, in no voice of the outlet
    assert ex.comment_terms and all(h["voice"] == "comment" and h["start"] >= block["start"]
                                    for h in ex.comment_terms)
    assert all(h["start"] < block["start"] for h in ex.loaded_terms)
    assert ex.features["comment_signals"] >= 5


def test_the_readers_insults_and_their_repeat_of_the_articles_phrase_are_comment_voice():
    article, thread = SHAPES["sign-in prompt, numbered entries, presence lines"]
    ex = framing.extract(article + "\n" + thread)
    readers = {h["matched"].lower() for h in ex.comment_terms}
    assert {"russophobic", "reptile", "lies", "humiliation", "so-called", "traitors"} <= readers
    # the article's own "humiliation of the so-called opposition" stays its own, once
    own = [h["matched"] for h in ex.loaded_terms if h["voice"] == "own"]
    assert own.count("humiliation") == 1 and "Russophobic" not in own
    # the features count the outlet's own uses only (their rates are per 100 words of the text)
    alone = framing.extract(article)
    assert ex.features["loaded_own_per_100w"] * ex.n_words == pytest.approx(
        alone.features["loaded_own_per_100w"] * alone.n_words, abs=1e-3)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_saved_page_whose_text_keeps_its_thread_is_cut_the_same_way(shape):
    article, thread = SHAPES[shape]
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in article.split("\n\n") if p.strip())
    entries = "".join(f"<p>{html.escape(line.strip())}</p>" for line in thread.splitlines()
                      if line.strip())
    page = (f"<html><head><title>Page</title></head><body><main><div class='post'><h1>Page</h1>"
            f"{paras}<div class='talk'>{entries}</div></div></main></body></html>")
    doc = html_document(page.encode("utf-8"), doc_id="page.html", source="page.html")
    first = next(line.strip() for line in thread.splitlines() if line.strip())
    assert first in doc.text  # the extractor kept the thread in the article text
    ex = framing.extract(doc.text)
    [block] = ex.comments
    assert doc.text[block["start"]:].startswith(first)


def test_an_article_that_mentions_comments_is_not_cut():
    ex = framing.extract(MENTIONS_COMMENTS)
    assert ex.comments == [] and ex.comment_terms == []
    assert ex.features["comment_signals"] <= 2


def test_timestamps_alone_are_a_live_blog_not_a_thread():
    live = "Live: fuel protests in Meridan\n" + "".join(
        f"10:{m:02d} am\nPolice moved towards the square, our reporter said. Crowds chanted.\n"
        for m in range(10, 50, 7))
    assert framing.extract(live).comments == []
    embeds = BLOG + "".join(f"Photo posted by mara (@mara{k})\nJan {k} 2025 at 10:1{k} PST\n"
                            for k in range(1, 6))
    assert framing.extract(embeds).comments == []


def test_a_byline_with_a_time_at_the_top_is_not_the_first_entry():
    text = "By Ada Renko · January 12, 2025 at 10:14 am\n" + BLOG + "\n" + REPLY_THREAD
    [block] = framing.extract(text).comments
    assert text[block["start"]:].startswith("4 comments")


def test_the_output_row_carries_the_thread_and_its_terms_apart():
    article, thread = SHAPES["N comments, name over date, Reply links"]
    text = article + "\n" + thread
    row = Scorer().score(Document(id="blog", text=text))
    assert row["comments"] == [{"start": len(article) + 1, "end": len(text)}]
    assert {h["matched"] for h in row["comment_terms"]} >= {"thug", "fool"}
    assert all(h["start"] < len(article) for h in row["loaded_terms"])
