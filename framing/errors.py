"""The project's exceptions, all in one place.

    FramingError                      base of everything framing raises on purpose
    ├── InputError (ValueError)       a document, file, row or option that cannot be used
    │   └── FieldError (KeyError)     a named field/column is missing from the input
    ├── ResourceError (OSError)       a shipped lexicon or cue list is missing or malformed
    └── ModelError                    a model file that cannot be used
        ├── ModelIntegrityError       hash, feature schema or version check failed
        └── UntrustedModelError       (no longer raised: model files hold no code)

Each builtin base is there so that ``except ValueError`` and friends keep working for
callers who do not know about framing.
"""

from __future__ import annotations


class FramingError(Exception):
    """Base class of every exception framing raises on purpose."""


class InputError(FramingError, ValueError):
    """Bad input: the message names the file, line or field and the fix."""


class FieldError(InputError, KeyError):
    """A field or column named on the command line or in the API is missing."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class ResourceError(FramingError, OSError):
    """A data file under features/ or models/ is missing or malformed."""


class ModelError(FramingError):
    """A model file that cannot be loaded or used."""


class ModelIntegrityError(ModelError):
    """The model's hash, feature schema or recorded versions do not match."""


class UntrustedModelError(ModelError):
    """Kept for code that catches it; no longer raised: a model file is plain arrays read without
    pickle (framing.model), so there is nothing to trust or refuse."""
