"""Undo commands of the mask document: one per stroke, shape, fill, clear or invert."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QRect
from PySide6.QtGui import QUndoCommand


class MaskPixels(Protocol):
    """What the commands change: the mask document's pixels (a protocol, so they need not import it)."""

    def write_rect(self, rect: QRect, data: bytes) -> None: ...

    def invert_pixels(self) -> None: ...


class RegionCommand(QUndoCommand):
    """The bytes of one rectangle before and after an edit that has already been painted."""

    def __init__(self, document: MaskPixels, rect: QRect, before: bytes, after: bytes, text: str) -> None:
        super().__init__(text)
        self.document, self.rect = document, QRect(rect)
        self.before, self.after = before, after
        # QUndoStack.push calls redo() at once; the pixels are already there, so that first call
        # would only copy the same bytes over themselves (4 MB for a fill of a 2048² mask).
        self._applied = True

    def undo(self) -> None:
        self.document.write_rect(self.rect, self.before)
        self._applied = False

    def redo(self) -> None:
        if not self._applied:
            self.document.write_rect(self.rect, self.after)
            self._applied = True

    @property
    def stored_bytes(self) -> int:
        return len(self.before) + len(self.after)


class InvertCommand(QUndoCommand):
    """Invert is its own inverse, so it stores nothing."""

    def __init__(self, document: MaskPixels, text: str) -> None:
        super().__init__(text)
        self.document = document

    def undo(self) -> None:
        self.document.invert_pixels()

    def redo(self) -> None:
        self.document.invert_pixels()

    @property
    def stored_bytes(self) -> int:
        return 0
