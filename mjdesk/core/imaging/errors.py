"""Errors the image pipeline raises: one line naming the input and what is wrong with it."""

from __future__ import annotations

from typing import Any


class ImageInputError(Exception):
    """An input the pipeline refuses, e.g. ``photo.png: the file is empty``.

    ``reason`` is English text marked with ``QT_TRANSLATE_NOOP("ImageInputError", template)``; the UI
    translates ``template`` and formats it with ``params`` itself, so both are kept alongside.
    """

    def __init__(self, source: str, template: str, **params: Any) -> None:
        self.source = _one_line(source)
        self.template = template
        self.params = params
        self.reason = _one_line(template.format(**params))
        super().__init__(f"{self.source}: {self.reason}")


class MaskError(ImageInputError):
    """A mask that cannot be sent: wrong size, or nothing (or everything) marked for repainting."""


def _one_line(text: str) -> str:
    # Names come from file systems and URLs: a newline in one must not break the CLI's one-line contract.
    return " ".join(text.split())
