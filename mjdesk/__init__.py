"""mjdesk: a desktop client for Midjourney-compatible mj-proxy gateways."""

from ._version import __version__

__all__ = ["__version__"]
