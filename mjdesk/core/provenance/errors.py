"""The one error of this package."""

from __future__ import annotations


class ProvenanceError(ValueError):
    """The file's format cannot carry provenance here (not PNG/JPEG/WebP, or malformed): the caller
    copies it as it is."""
