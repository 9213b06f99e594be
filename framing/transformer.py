"""The feature extractor as a scikit-learn transformer, for users' own pipelines."""

from __future__ import annotations

from typing import Iterable

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .errors import InputError
from .extract import extract
from .features import FEATURE_NAMES


class FeatureExtractor(TransformerMixin, BaseEstimator):
    """scikit-learn transformer: texts -> matrix of registry features (nan = not measured).

    Stateless: ``fit`` only records the feature names, so it drops into any ``Pipeline``.
    """

    def __init__(self, *, language: str | None = None):
        self.language = language

    def fit(self, X: Iterable[str], y=None):
        self.feature_names_in_ = None
        self.n_features_out_ = len(FEATURE_NAMES)
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "n_features_out_")
        if isinstance(X, str):
            raise InputError("FeatureExtractor.transform expects a list of texts, not one string")
        rows = [extract(t, language=self.language).vector() for t in X]
        return np.vstack(rows) if rows else np.empty((0, len(FEATURE_NAMES)))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array(FEATURE_NAMES, dtype=object)
