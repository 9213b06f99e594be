"""Scoring works with no network: nothing is downloaded at run time (textstat/NLTK included).

The in-process test blocks sockets and ``nltk.download`` around a scoring call. Caches already
warm in the test process prove little, so a second test runs a fresh interpreter that blocks
sockets before it imports framing, with an empty HOME and an empty NLTK_DATA.
"""

from __future__ import annotations

import json
import math
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from _texts import AFP_FLOOD

import framing
import framing.readability

TEXT = AFP_FLOOD


class NetworkUsed(AssertionError):
    pass


def _refuse(*args, **kwargs):
    raise NetworkUsed(f"network access attempted: {args!r}")


@pytest.fixture
def no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    try:
        import nltk
    except ImportError:  # pragma: no cover - nltk comes with textstat
        pass
    else:
        monkeypatch.setattr(nltk, "download", _refuse)


def test_readability_is_wired_to_the_packaged_dictionary():
    framing.readability.ensure_offline()


def test_scoring_in_process_does_not_touch_the_network(no_network):
    framing.readability.syllables_en.cache_clear()
    [p] = framing.load_model().explain([TEXT])
    assert p.label in ("wire", "state", "partisan", None)
    assert p.probabilities
    f = framing.extract(TEXT).features
    assert math.isfinite(f["flesch_reading_ease"])
    assert math.isfinite(f["gunning_fog"])
    assert math.isfinite(f["sentiment_mean"])


def test_network_block_fixture_really_blocks(no_network):
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.org", 80), timeout=1)


SCRIPT = textwrap.dedent(
    """
    import socket, sys, json

    def refuse(*a, **k):
        raise OSError("network disabled for this test: %r" % (a,))

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    try:
        import nltk
        def no_download(*a, **k):
            raise AssertionError("nltk.download called: %r" % (a,))
        nltk.download = no_download
    except ImportError:
        pass

    import framing

    text = sys.argv[1]
    [p] = framing.load_model().explain([text])
    f = framing.extract(text).features
    import framing.readability
    textstat_flesch = framing.readability.offline_textstat().flesch_reading_ease(text)
    print(json.dumps({
        "textstat_flesch": textstat_flesch,
        "label": p.label,
        "probabilities": p.probabilities,
        "flesch": f["flesch_reading_ease"],
        "fog": f["gunning_fog"],
        "sentiment": f["sentiment_mean"],
        "framing_file": framing.__file__,
    }))
    """
)


def test_fresh_interpreter_scores_with_no_network_and_no_nltk_data(tmp_path: Path):
    home = tmp_path / "home"
    nltk_data = tmp_path / "nltk_data"
    home.mkdir()
    nltk_data.mkdir()
    script = tmp_path / "score_offline.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NLTK", "HTTP", "HTTPS"))}
    env.update(HOME=str(home), NLTK_DATA=str(nltk_data), XDG_CACHE_HOME=str(home / ".cache"),
               PYTHONDONTWRITEBYTECODE="1", no_proxy="*")
    res = subprocess.run([sys.executable, str(script), TEXT], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert math.isfinite(out["flesch"])
    assert math.isfinite(out["textstat_flesch"])  # textstat itself, offline too
    assert math.isfinite(out["fog"])
    assert math.isfinite(out["sentiment"])
    assert out["label"] in ("wire", "state", "partisan", None)
    assert abs(sum(out["probabilities"].values()) - 1) < 1e-3
    assert list(nltk_data.iterdir()) == []  # nothing was fetched into NLTK's data dir
    assert not (home / "nltk_data").exists()
