"""The feature extractor as a scikit-learn transformer, for users' own pipelines."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from numbers import Real

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .errors import InputError
from .extract import extract
from .features import FEATURE_NAMES

MISSING_CHOICES = ('"median"', '"nan"', "a number")


class FeatureExtractor(TransformerMixin, BaseEstimator):
    """Texts -> a matrix of the registry's features (``framing.FEATURE_NAMES``, one column each).

    Parameters
    ----------
    language : str or None, default=None
        Read every text as this language (``"en"``, ``"ru"``, ...) instead of detecting it.
    missing : "median", "nan" or a number, default="median"
        What stands where a feature is not measured for a text: the share of attributed quotes
        in a text without quotes, sentiment in a language without a sentiment lexicon, the mean
        paragraph length of a text without line breaks (``framing.extract`` gives NaN there).
        ``"median"`` puts the median of the texts seen in ``fit`` (0 for a feature measured in
        none of them), so that ``make_pipeline(FeatureExtractor(), StandardScaler(),
        LogisticRegression())`` works as written; ``"nan"`` (or ``np.nan``) keeps NaN, for
        estimators that read it (``HistGradientBoostingClassifier``) or an imputer of your
        own (``SimpleImputer(add_indicator=True)`` also marks what was missing); a number puts
        that number.

    Attributes
    ----------
    fill_values_ : ndarray of shape (n_features_out_,)
        The value put in place of a missing one, per feature (NaN with ``missing="nan"``).
    n_features_out_ : int
        The number of features (columns of the matrix).

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn.linear_model import LogisticRegression
    >>> pipe = make_pipeline(FeatureExtractor(), StandardScaler(), LogisticRegression())
    >>> pipe.fit(texts, labels).predict(["Officials said talks would resume."])  # doctest: +SKIP
    """

    def __init__(self, *, language: str | None = None, missing: str | float = "median"):
        self.language = language
        self.missing = missing

    # -- scikit-learn's estimator interface -------------------------------------------------------

    def fit(self, X: Iterable[str], y=None):
        """Learn the fill values (``missing="median"``: medians of the texts in ``X``)."""
        self._fit(self._matrix(X))
        return self

    def fit_transform(self, X: Iterable[str], y=None, **fit_params) -> np.ndarray:
        """``fit(X).transform(X)``, reading each text once."""
        matrix = self._matrix(X)
        self._fit(matrix)
        return self._fill(matrix)

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """The feature matrix of the texts in ``X``, missing values filled as ``missing`` says."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "fill_values_")
        return self._fill(self._matrix(X))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array(FEATURE_NAMES, dtype=object)

    def __sklearn_tags__(self):  # scikit-learn >= 1.6: the input is text, not a 2-D array
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def _more_tags(self):  # scikit-learn < 1.6
        return {"X_types": ["string"]}

    # -- the work ---------------------------------------------------------------------------------

    def _matrix(self, X: Iterable[str]) -> np.ndarray:
        if isinstance(X, (str, bytes)):
            raise InputError("FeatureExtractor expects a list of texts, not one string: "
                             "wrap it in a list ([text])")
        rows = [extract(t, language=self.language).vector() for t in X]
        return np.vstack(rows) if rows else np.empty((0, len(FEATURE_NAMES)))

    def _mode(self) -> str | float:
        m = self.missing
        if isinstance(m, str) and m in ("median", "nan"):
            return m
        if isinstance(m, Real) and not isinstance(m, bool):
            return "nan" if math.isnan(float(m)) else float(m)
        raise InputError(f"FeatureExtractor(missing={m!r}): choose one of "
                         f"{', '.join(MISSING_CHOICES)}")

    def _fit(self, matrix: np.ndarray) -> None:
        mode = self._mode()
        width = len(FEATURE_NAMES)
        if mode == "nan":
            fill = np.full(width, np.nan)
        elif mode == "median":
            with warnings.catch_warnings():  # a feature measured in no text: its fill is 0
                warnings.simplefilter("ignore", RuntimeWarning)
                fill = np.nanmedian(matrix, axis=0) if len(matrix) else np.zeros(width)
            fill = np.where(np.isnan(fill), 0.0, fill)
        else:
            fill = np.full(width, float(mode))
        self.fill_values_ = fill
        self.n_features_out_ = width

    def _fill(self, matrix: np.ndarray) -> np.ndarray:
        if self._mode() == "nan":
            return matrix
        holes = np.isnan(matrix)
        if holes.any():
            matrix = np.where(holes, self.fill_values_[np.newaxis, :], matrix)
        return matrix
