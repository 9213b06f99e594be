"""Scoring does not import scikit-learn (nor SciPy, pandas, NLTK): workers stay small."""

import json
import subprocess
import sys

SCRIPT = """
import json, sys
import framing
from framing.pipeline import Scorer
row = Scorer().score(framing.Document(id="a", text=sys.argv[1]))
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"sklearn", "scipy", "pandas", "nltk", "textstat"})
print(json.dumps({"status": row["status"], "label": row["label"], "heavy": heavy}))
"""

TEXT = ("GENEVA, March 3 (Northwire) - Negotiators resumed talks on Monday, officials said. "
        "\"We are close to an agreement,\" the envoy told reporters after the meeting. ") * 5


def test_scoring_process_imports_no_scikit_learn():
    out = subprocess.run([sys.executable, "-c", SCRIPT, TEXT], capture_output=True, text=True,
                         check=True, timeout=120)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["status"] in ("ok", "abstained")
    assert result["heavy"] == []
