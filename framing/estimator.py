"""The estimator framing trains (scikit-learn), and the column rule it shares with scoring."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from .features import FEATURE_NAMES, is_log_scaled


class FramingLogit(ClassifierMixin, BaseEstimator):
    """Select registry columns -> log1p densities -> impute medians -> standardise -> logistic
    regression.

    One estimator rather than a ``Pipeline`` so that ``sample_weight`` reaches the regression
    under ``CalibratedClassifierCV`` (which passes it to the estimator's ``fit``), and so that the
    signed contribution of each feature (coefficient x standardised value) is direct to read.
    """

    def __init__(self, columns: Sequence[str] = (), C: float = 0.001, random_state: int = 0):
        self.columns = columns
        self.C = C
        self.random_state = random_state

    def _select(self, X) -> np.ndarray:
        Z = np.asarray(X, dtype=float)[:, self.index_]
        if self.log_index_.size:
            Z[:, self.log_index_] = np.log1p(np.clip(Z[:, self.log_index_], 0.0, None))
        return Z

    def fit(self, X, y, sample_weight=None):
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        idx = {n: i for i, n in enumerate(FEATURE_NAMES)}
        self.index_ = np.array([idx[c] for c in self.columns], dtype=np.int64)
        self.log_index_ = np.array([k for k, c in enumerate(self.columns) if is_log_scaled(c)],
                                   dtype=np.int64)
        Z = self._select(X)
        self.imputer_ = SimpleImputer(strategy="median", keep_empty_features=True).fit(Z)
        Z = self.imputer_.transform(Z)
        self.scaler_ = StandardScaler().fit(Z)
        Z = self.scaler_.transform(Z)
        self.clf_ = LogisticRegression(C=self.C, max_iter=5000, random_state=self.random_state)
        self.clf_.fit(Z, y, sample_weight=sample_weight)
        self.classes_ = self.clf_.classes_
        return self

    def standardise(self, X) -> np.ndarray:
        return self.scaler_.transform(self.imputer_.transform(self._select(X)))

    def decision_function(self, X):
        return self.clf_.decision_function(self.standardise(X))

    def predict_proba(self, X):
        return self.clf_.predict_proba(self.standardise(X))

    def predict(self, X):
        return self.clf_.predict(self.standardise(X))
