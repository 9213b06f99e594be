"""Write the golden rows: ``python tests/golden/capture.py`` (from the repository root).

Scores :data:`golden_sample.SAMPLE` two ways and writes each way's rows to
``tests/golden/<name>.jsonl``:

- ``cli``: ``framing score -j 1`` on a JSONL file of the sample (reading, error rows,
  duplicate flags and pass-through columns included);
- ``library``: ``framing.Scorer.score`` on each text, one Document at a time.

Run it only when an output is meant to change, and say why in the commit.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from golden_sample import SAMPLE  # noqa: E402


def cli_rows() -> list[dict]:
    from framing.cli.main import main

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "sample.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in SAMPLE),
                       encoding="utf-8")
        out = Path(tmp) / "rows.jsonl"
        main(["score", "-q", "-j", "1", str(src), "-o", str(out)])
        # the temporary folder's name is in each row's source and in error messages
        text = out.read_text(encoding="utf-8").replace(json.dumps(tmp)[1:-1], "<tmp>")
        return [json.loads(line) for line in text.splitlines()]


def library_rows() -> list[dict]:
    from framing import Document, Scorer

    scorer = Scorer()
    rows = []
    for r in SAMPLE:
        text = r.get("text")
        rows.append(scorer.score(Document(id=r["id"], text=text, outlet=r.get("outlet"))))
    return json.loads(json.dumps(rows, ensure_ascii=False, default=str))


ROWS = {"cli": cli_rows, "library": library_rows}


def main() -> None:
    for name, make in ROWS.items():
        path = HERE / f"{name}.jsonl"
        rows = make()
        path.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n"
                                for r in rows), encoding="utf-8")
        print(f"{path}: {len(rows)} rows")


if __name__ == "__main__":
    main()
