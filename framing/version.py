"""The package version, in a module of its own: modules the package imports at start (the
readers, the fetcher's User-Agent, the report's footer) read it here instead of from
``framing/__init__.py``, which imports them."""

__version__ = "0.1.0"  # the same as pyproject.toml's version
