"""Package exports loaded on first use.

The window must paint before httpx, Pillow or SQLite are imported (start-up budget), yet callers
keep writing ``from mjdesk.core.api import ImagineRequest``. A package lists which submodule holds
each name and gets a module ``__getattr__`` (PEP 562) that imports it when first asked.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(
    package: str, namespace: dict[str, Any], sources: dict[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``; ``sources`` maps a name to its submodule."""

    def __getattr__(name: str) -> Any:
        module = sources.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        namespace[name] = value  # later look-ups skip this function
        return value

    def __dir__() -> list[str]:
        return sorted([*namespace, *sources])

    return __getattr__, __dir__
