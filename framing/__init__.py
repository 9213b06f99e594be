"""framing: who reports and who frames, per document and per outlet.

    >>> import framing
    >>> model = framing.load_model()                       # the shipped, checked model
    >>> model.predict(["ALMATY, Jan 10 (Reuters) - ..."])   # ['wire'] (None = abstained)
    >>> [p] = model.explain(["..."])                        # label, probabilities, evidence
    >>> framing.extract("...").features                     # the explainable features alone
"""

__version__ = "0.1.0"

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
from .model import FramingModel, Prediction, load_model
from .pipeline import Scorer



def __getattr__(name: str):
    # FeatureExtractor is a scikit-learn transformer; importing it lazily keeps scikit-learn
    # (~180 MB with SciPy and pandas) out of processes that only score.
    if name == "FeatureExtractor":
        from .transformer import FeatureExtractor

        return FeatureExtractor
    raise AttributeError(f"module 'framing' has no attribute {name!r}")


__all__ = [
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
    "Scorer",
    "UntrustedModelError",
    "__version__",
    "extract",
    "load_model",
]
