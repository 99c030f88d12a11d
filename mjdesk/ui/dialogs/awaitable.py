"""Awaiting a dialog from a coroutine without exec().

``exec()`` inside a coroutine runs a nested event loop that freezes other tasks and re-enters the
one awaiting; instead the dialog is shown with ``open()`` and a future is set from its signals.
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QDialog


async def run_dialog(dialog: QDialog, result: SignalInstance) -> tuple[Any, ...] | None:
    """Open ``dialog`` and wait: the arguments of ``result`` when it fires, None when the dialog
    closes any other way (Cancel, Escape, the window's close button). If the awaiting task is
    cancelled the dialog is closed too. The dialog is deleted afterwards."""
    future: asyncio.Future[tuple[Any, ...] | None] = asyncio.get_running_loop().create_future()

    def answered(*args: Any) -> None:
        if not future.done():
            future.set_result(args)

    def closed(_code: int) -> None:
        if not future.done():
            future.set_result(None)

    result.connect(answered)
    dialog.finished.connect(closed)
    dialog.open()
    try:
        return await future
    finally:
        if dialog.isVisible():
            dialog.reject()
        dialog.deleteLater()
