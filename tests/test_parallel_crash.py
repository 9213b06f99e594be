"""A worker process that dies costs one document, not the run."""

import os

from framing.document import Document
from framing.parallel import score_stream


class _Scorer:
    feature_names = ("f",)
    include_text = False

    def score(self, doc):
        if doc.text == "crash":
            os._exit(3)  # what an out-of-memory kill or a segfault in a C extension looks like
        return {"id": doc.id, "status": "ok", "f": 1.0}


def _factory():
    return _Scorer()


def test_a_dying_worker_turns_only_its_document_into_an_error_row():
    docs = [Document(id=str(i), text="crash" if i == 37 else "fine") for i in range(300)]
    rows = list(score_stream(docs, jobs=2, scorer_factory=_factory, chunk=16))
    assert [r["id"] for r in rows] == [str(i) for i in range(300)]
    bad = [r for r in rows if r["status"] == "error"]
    assert [r["id"] for r in bad] == ["37"]
    assert "worker process died" in bad[0]["error"]
    assert "text" not in bad[0]
