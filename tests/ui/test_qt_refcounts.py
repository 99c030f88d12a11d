"""Guard against a Qt binding that leaks references on signal emission.

PySide6 6.12.0 dropped a reference to ``True`` on every ``emit``: after enough signals a Python
3.11 process aborts with "bool_dealloc". The app emits signals all day, so a binding with such a
leak must never be installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QRect, Signal


class _Emitter(QObject):
    plain = Signal()
    number = Signal(int)
    rect = Signal(QRect)


def test_emitting_signals_keeps_reference_counts() -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.rect.connect(received.append)
    before = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    for _ in range(200):
        emitter.plain.emit()
        emitter.number.emit(7)
        emitter.rect.emit(QRect(0, 0, 2, 2))
    after = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    assert len(received) == 200
    # A leak of one per emission would show as hundreds; allow a little noise from the runtime.
    assert all(abs(a - b) < 20 for a, b in zip(after, before, strict=True)), (before, after)
