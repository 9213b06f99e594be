"""Small statistics the report needs: Wilson intervals and five-number summaries."""

from __future__ import annotations

import math
from collections.abc import Sequence

Z95 = 1.959963984540054  # two-sided 95% normal quantile


def wilson_interval(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a share of ``k`` successes in ``n`` trials (Wilson, 1927).

    Unlike the normal approximation it stays inside [0, 1] and widens for small ``n``, so that
    an outlet with 3 articles does not look as certain as one with 300. ``n == 0`` gives
    (0.0, 1.0): nothing is known.
    """
    if n <= 0:
        return (0.0, 1.0)
    if not 0 <= k <= n:
        raise ValueError(f"wilson_interval: k={k} must lie between 0 and n={n}")
    p = k / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """Linear-interpolation quantile (numpy's default) of already sorted values."""
    if not sorted_values:
        return math.nan
    pos = (len(sorted_values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def summary(values: Sequence[float]) -> dict[str, float] | None:
    """n, mean, 5th/25th/50th/75th/95th percentiles of the measured values; None when empty."""
    xs = sorted(v for v in values if v is not None and math.isfinite(v))
    if not xs:
        return None
    return {
        "n": len(xs),
        "mean": sum(xs) / len(xs),
        "p05": quantile(xs, 0.05),
        "q1": quantile(xs, 0.25),
        "median": quantile(xs, 0.5),
        "q3": quantile(xs, 0.75),
        "p95": quantile(xs, 0.95),
        "min": xs[0],
        "max": xs[-1],
    }
