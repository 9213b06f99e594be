"""framing: who reports and who frames, per document and per outlet.

    >>> import framing
    >>> model = framing.load_model()     # the shipped models, each text to the one for its language
    >>> model.predict([article])         # ['wire'] (None = abstained: too short, not covered, unsure)
    >>> [p] = model.explain([article])   # label, probabilities, evidence, p.model
    >>> framing.extract("...").features                     # the explainable features alone
    >>> framing.score_frame(df)          # a pandas DataFrame in, framing score's rows out
"""

from .version import __version__

from .document import Document
from .errors import (
    FieldError,
    FramingError,
    InputError,
    ModelError,
    ModelIntegrityError,
    ResourceError,
    UntrustedModelError,
)
from .extract import Extraction, extract
from .features import FEATURE_NAMES, FEATURES, REGISTRY, Feature
from .classifier import SHIPPED_MODELS, Classifier, load_model
from .model import FramingModel, Prediction
from .pipeline import Scorer
from .frame import score_frame



def __getattr__(name: str):
    # FeatureExtractor is a scikit-learn transformer; importing it lazily keeps scikit-learn
    # (~180 MB with SciPy and pandas) out of processes that only score.
    if name == "FeatureExtractor":
        from .transformer import FeatureExtractor

        return FeatureExtractor
    raise AttributeError(f"module 'framing' has no attribute {name!r}")


__all__ = [
    "Classifier",
    "Document",
    "Extraction",
    "FEATURE_NAMES",
    "FEATURES",
    "Feature",
    "FeatureExtractor",
    "FieldError",
    "FramingError",
    "FramingModel",
    "InputError",
    "ModelError",
    "ModelIntegrityError",
    "Prediction",
    "REGISTRY",
    "ResourceError",
    "SHIPPED_MODELS",
    "Scorer",
    "UntrustedModelError",
    "__version__",
    "extract",
    "load_model",
    "score_frame",
]
