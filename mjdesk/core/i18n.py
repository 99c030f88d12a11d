"""Marking user-visible strings of the Qt-free core for translation.

The core must not import Qt, yet its messages reach the window. They are written through
``QT_TRANSLATE_NOOP(context, text)``, which Qt's ``lupdate`` recognises by name, and the UI later
passes ``(context, text)`` to ``QCoreApplication.translate``. The CLI prints the English text as is.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the very name lupdate looks for
    return text
