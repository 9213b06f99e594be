"""The array implementation of the shipped models equals scikit-learn's own predict_proba."""

import numpy as np
import pytest

import framing
from framing.features import FEATURE_NAMES

TEXTS = [
    "ALMATY, Jan 10 (Reuters) - Police detained dozens of people on Monday, officials said. "
    "\"The situation is under control,\" the interior minister told reporters.",
    "They call themselves activists, but these foreign-trained thugs are terrorists! Why does "
    "the hypocritical West keep funding them? I have had enough.",
    "The wise leadership of the President brought a glorious harvest to the heroic farmers.",
    "",
    "Полиция задержала десятки человек, сообщили власти. «Ситуация под контролем», — заявил министр.",
]


@pytest.mark.parametrize("name", ["framing-en-v1", "framing-xx-v1"])
def test_fast_path_equals_sklearn(name):
    model = framing.load_model(name)
    X = np.vstack([framing.extract(t).vector() for t in TEXTS])
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 3, size=(20, len(FEATURE_NAMES)))
    noise[rng.random(noise.shape) < 0.2] = np.nan  # missing values take the imputer's medians
    X = np.vstack([X, noise])
    ours = model.proba_from_features(X)
    ref = model.estimator.predict_proba(X)[:, [model.classes.index(c) for c in ("wire", "state", "partisan")]]
    np.testing.assert_allclose(ours, ref, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.sum(axis=1), 1.0, atol=1e-9)


def test_contributions_match_the_members_coefficients():
    model = framing.load_model(framing.SHIPPED_MODELS[0])
    x = framing.extract(TEXTS[0]).vector()
    contribs = {c["feature"]: c["contribution"] for c in model.contributions(x, "wire")}
    members = [cc.estimator for cc in model.estimator.calibrated_classifiers_]
    k = list(members[0].classes_).index("wire")
    expected = np.mean([m.clf_.coef_[k] * m.standardise(x.reshape(1, -1))[0] for m in members], axis=0)
    for name, value in zip(model.columns, expected):
        assert contribs[name] == pytest.approx(round(float(value), 4), abs=1e-4)
