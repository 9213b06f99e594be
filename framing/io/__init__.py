"""Reading documents from files, folders and row dumps; writing output rows."""

from .readers import DEFAULT_MAX_CHARS, SUPPORTED_SUFFIXES, detect_encoding, read_inputs
from .writers import OUTPUT_FORMATS, RowSink

__all__ = [
    "DEFAULT_MAX_CHARS",
    "OUTPUT_FORMATS",
    "SUPPORTED_SUFFIXES",
    "RowSink",
    "detect_encoding",
    "read_inputs",
]
