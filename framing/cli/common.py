"""What every ``framing score`` run prints, whatever engine scored it: notes and the summary."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import schema
from ..io.writers import RowSink


def _note(message: str) -> None:
    print(f"framing score: {message}", file=sys.stderr)


def _summary(sink: RowSink, statuses, labels, duplicates, elapsed, output,
             skipped: list[tuple[Path, str]] = ()) -> None:
    """The run in a few lines. After --resume the counts describe the whole output (the rows
    kept from the partial output and this run's), and the rate this run's rows."""
    new = sum(statuses.values())
    rate = new / elapsed if elapsed > 0 else 0.0
    total = statuses + sink.resumed_statuses
    all_labels = labels + sink.resumed_labels
    read = new + sink.n_resumed
    lines = [
        (
            f"{read} documents read: {total['ok']} scored, {total['abstained']} abstained, "
            f"{total['error']} failed"
            + (f"; {new} of them in this run" if sink.n_resumed else "")
            + f" in {elapsed:.1f} s ({rate:.1f} documents/s)"
        )
    ]
    if sink.n_resumed:
        lines.append(f"resumed: {sink.n_resumed} rows kept from the partial output")
    if all_labels:
        order = [lab for lab in schema.LABELS if lab in all_labels] + sorted(
            lab for lab in all_labels if lab not in schema.LABELS
        )
        lines.append("labels: " + ", ".join(f"{lab} {all_labels[lab]}" for lab in order))
    duplicates += sink.resumed_duplicates
    if duplicates:
        lines.append(f"{duplicates} rows repeat an earlier id (kept, flagged duplicate_id)")
    if total["error"]:
        lines.append(
            f"{total['error']} documents failed; their rows have status 'error' and an "
            "'error' message"
        )
    if skipped:
        lines.append(f"{len(skipped)} file{'s' if len(skipped) != 1 else ''} skipped, not read "
                     "(--strict makes them errors):")
        shown = skipped if len(skipped) <= MAX_SKIPPED_SHOWN else skipped[:MAX_SKIPPED_SHOWN - 1]
        lines.extend(f"  {path}: {_short_reason(reason)}" for path, reason in shown)
        if len(shown) < len(skipped):
            lines.append(f"  ... and {len(skipped) - len(shown)} more")
    if output is not None:
        lines.append(f"output: {output}")
    for line in lines:
        _note(line)


MAX_SKIPPED_SHOWN = 20


def _short_reason(reason: str) -> str:
    # "unsupported file type; supported suffixes are: ..." lists every suffix: once is enough
    return reason.split(";")[0] if reason.startswith("unsupported file type") else reason
