"""The HTML report: one self-contained file from the rows ``framing score`` wrote."""

from .build import MAIN_FEATURES, SCATTER_X, SCATTER_Y, render_report
from .reader import read_scores
from .stats import wilson_interval

__all__ = [
    "MAIN_FEATURES",
    "SCATTER_X",
    "SCATTER_Y",
    "read_scores",
    "render_report",
    "wilson_interval",
]
