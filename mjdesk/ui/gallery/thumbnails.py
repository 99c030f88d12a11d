"""Gallery thumbnails: made or found in the disk cache and decoded in the imaging pool, turned into
pixmaps on the GUI thread, kept in a small LRU.

Only what the delegate paints is requested, so only visible rows cost anything. Requests wait in a
bounded queue served newest first: after a fast scroll the rows now on screen come before the ones
that flew past, and those beyond the bound are forgotten (they are asked for again if painted).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage, QPixmap
from shiboken6 import isValid

from ..asyncutil import loop_running, spawn

if TYPE_CHECKING:
    from mjdesk.core.imaging import ImagingPool

log = logging.getLogger(__name__)

THUMB_SIZE = 256
MAX_PENDING = 96  # about three screens of tiles
CACHE_PIXMAPS = 600  # 600 × 256² × 4 B ≈ 150 MB at worst, far less for JPEG-sized tiles


def load_thumbnail(path: Path, size: int, cache_dir: Path) -> QImage:
    """In a worker: the cached thumbnail of ``path`` (made on first request), decoded to a QImage."""
    from mjdesk.core.imaging import make_thumbnail

    image = QImage(str(make_thumbnail(path, size, cache_dir=cache_dir)))
    if image.isNull():
        raise OSError(f"unreadable thumbnail for {path}")
    return image


class ThumbnailLoader(QObject):
    ready = Signal(str)  # the source path whose pixmap is now available

    def __init__(self, pool: ImagingPool, cache_dir: Path, parent: QObject | None = None, *, workers: int = 3) -> None:
        super().__init__(parent)
        self._pool = pool
        self._cache_dir = cache_dir
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()
        self._pending: OrderedDict[str, None] = OrderedDict()
        self._running: set[str] = set()
        self._failed: set[str] = set()
        self._workers = workers
        self.requested = 0  # for tests and the benchmark

    def pixmap(self, path: Path) -> QPixmap | None:
        """The pixmap if loaded; else None, and the thumbnail is queued."""
        key = str(path)
        found = self._pixmaps.get(key)
        if found is not None:
            self._pixmaps.move_to_end(key)
            return found
        if key not in self._running and key not in self._failed:
            self._pending[key] = None
            self._pending.move_to_end(key)
            while len(self._pending) > MAX_PENDING:
                self._pending.popitem(last=False)
            self._pump()
        return None

    def failed(self, path: Path) -> bool:
        return str(path) in self._failed

    def _pump(self) -> None:
        while self._pending and len(self._running) < self._workers and loop_running():
            key, _ = self._pending.popitem(last=True)
            self._running.add(key)
            self.requested += 1
            spawn(self._load(key), name="thumbnail")

    async def _load(self, key: str) -> None:
        try:
            image = await self._pool.run(load_thumbnail, Path(key), THUMB_SIZE, self._cache_dir)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a missing or broken file: the tile shows that, not a crash
            log.info("no thumbnail for %s: %s", key, exc)
            self._failed.add(key)
        else:
            if not isValid(self):
                return
            self._pixmaps[key] = QPixmap.fromImage(image)  # the GUI thread: QPixmap is allowed here
            while len(self._pixmaps) > CACHE_PIXMAPS:
                self._pixmaps.popitem(last=False)
        finally:
            self._running.discard(key)
        if not isValid(self):
            return  # the gallery closed while this was decoding
        self.ready.emit(key)
        self._pump()

    def forget(self, path: Path) -> None:
        """A file that was missing may exist now (download originals)."""
        self._failed.discard(str(path))
