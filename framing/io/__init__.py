"""Reading documents from files, folders and row dumps; writing output rows."""

from .readers import DEFAULT_MAX_CHARS, SUPPORTED_SUFFIXES, detect_encoding, read_inputs
from .writers import OUTPUT_FORMATS, RowSink, open_sink

__all__ = [
    "DEFAULT_MAX_CHARS",
    "OUTPUT_FORMATS",
    "SUPPORTED_SUFFIXES",
    "RowSink",
    "detect_encoding",
    "open_sink",
    "read_inputs",
]
