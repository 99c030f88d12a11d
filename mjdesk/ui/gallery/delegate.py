"""Painting one gallery tile: the cover (or a placeholder), a progress overlay, badges, a caption."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ..job_model import JobState, state_of
from ..job_texts import numbered_items
from .actions import dismissible
from .justify import Cell
from .model import JobRole
from .states import badge, caption

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord

    from .thumbnails import ThumbnailLoader

TILE = 184  # the image square's preferred side; the view stretches it to fill its width
TILE_MIN, TILE_MAX = 112, 360  # what the size slider offers
CAPTION = 22
MARGIN = 6
DAY_BAND = 30  # the band above a day's first row, where its name is
_Index = QModelIndex | QPersistentModelIndex
DISMISS = 24  # the × a failed tile shows under the mouse
WHITE = QColor(255, 255, 255)
STAR = QColor("#f5a623")  # a rating's stars: readable on the light and the dark theme
REJECTED = QColor(230, 45, 45, 230)

FAVOURITE = QColor(255, 92, 120)


HOVER = 26  # the round buttons a tile shows under the mouse


CHIP_W, CHIP_H = 30, 22  # a grid tile's U1-U4 under the mouse
CHIPS_MIN_WIDTH = 4 * (CHIP_W + 4) + 12  # narrower tiles show no chips (the detail has them)


def hover_rects(image: QRect, *, upscales: bool = False) -> dict[str, QRect]:
    """Where a tile's hover actions sit (``image``: GalleryDelegate.image_rect): favourite and
    open at the top-left, use-as-reference and download at the top-right, and on a grid wide
    enough U1-U4 along the bottom."""
    x, y = image.x() + 6, image.y() + 6
    right = image.right() - 5 - HOVER
    found = {
        "favourite": QRect(x, y, HOVER, HOVER),
        "open": QRect(x + HOVER + 6, y, HOVER, HOVER),
        "download": QRect(right, y, HOVER, HOVER),
        "reference": QRect(right - HOVER - 6, y, HOVER, HOVER),
    }
    if upscales and image.width() >= CHIPS_MIN_WIDTH:
        bottom = image.bottom() - 5 - CHIP_H
        for n in range(1, 5):
            found[f"U{n}"] = QRect(x + (n - 1) * (CHIP_W + 4), bottom, CHIP_W, CHIP_H)
    return found


def upscale_ids(job: JobRecord) -> dict[int, str]:
    """A finished grid's U1-U4 customIds by number (empty for anything else)."""
    from mjdesk.core.api.buttons import Button, ButtonKind

    if job.status != "SUCCESS":
        return {}
    found: dict[int, str] = {}
    for raw in job.buttons:
        button = Button.from_json(raw)
        if button is not None and button.kind is ButtonKind.UPSCALE and button.index:
            found[button.index] = button.custom_id
    return found


def _paint_round(painter: QPainter, area: QRect, picture: QPixmap) -> None:
    """A small picture on a dark disc: readable over any image."""
    path = QPainterPath()
    path.addEllipse(QRectF(area))
    painter.fillPath(path, QColor(0, 0, 0, 150))
    size = picture.deviceIndependentSize().toSize()
    target = QRect(0, 0, size.width(), size.height())
    target.moveCenter(area.center())
    painter.drawPixmap(target, picture)


def dismiss_rect(image: QRect) -> QRect:
    """Where a tile's × sits: the image's top-right corner (``image``: GalleryDelegate.image_rect)."""
    return QRect(image.right() - DISMISS - 3, image.y() + 4, DISMISS, DISMISS)


def day_name(job: JobRecord) -> str:
    """The name of the day a job was made: Today, Yesterday, else the date in the UI's locale."""
    from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale

    made = QDateTime.fromMSecsSinceEpoch(job.created_at or 0).date()
    today = QDate.currentDate()
    if made == today:
        return QCoreApplication.translate("Gallery", "Today")
    if made == today.addDays(-1):
        return QCoreApplication.translate("Gallery", "Yesterday")
    locale = QLocale()
    if made.year() == today.year():
        return locale.toString(made, QCoreApplication.translate("Gallery", "dddd, d MMMM"))
    return locale.toString(made, QLocale.FormatType.LongFormat)


TEXT_ACTIONS = frozenset({"DESCRIBE", "SHORTEN"})


def text_result(job: JobRecord) -> list[str]:
    """The lines a finished text-only job shows on its tile (numbered items without their emoji
    keycaps); empty for every other job."""
    if job.action not in TEXT_ACTIONS or job.status != "SUCCESS" or not job.final_prompt:
        return []
    text = job.final_prompt
    return numbered_items(text) or [line.strip() for line in text.splitlines() if line.strip()]


class GalleryDelegate(QStyledItemDelegate):
    dismiss_requested = Signal(int)  # the job id whose × was clicked
    favourite_requested = Signal(int)  # the job id whose heart was clicked (toggles)
    open_requested = Signal(int)  # the job id whose magnifier was clicked (the viewer)
    # (job id, what): "download", "reference" (an image prompt in Imagine), or "U1".."U4" (its customId)
    action_requested = Signal(int, str)

    def __init__(self, loader: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.tile = TILE  # the rows' image height (GalleryView.fit_tiles; the justified rows vary it)
        self.cells: list[Cell] = []  # by row: the justified layout (justify.py), [] before the first
        # Whether polling a server (by profile name) fails right now: its running tiles then say
        # they wait for the server instead of showing a progress that may be stale.
        self.stalled: Callable[[str], bool] = lambda _profile: False

    def cell(self, row: int) -> Cell:
        if 0 <= row < len(self.cells):
            return self.cells[row]
        return Cell(self.tile + 2 * MARGIN, self.tile + CAPTION + 2 * MARGIN, self.tile, self.tile, 0, False)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        cell = self.cell(index.row())
        return QSize(cell.width, cell.height)

    def image_rect(self, tile: QRect, row: int) -> QRect:
        """Where the row's image sits in its tile ``tile`` (the view's visualRect or option.rect)."""
        cell = self.cell(row)
        return QRect(tile.x() + MARGIN, tile.y() + MARGIN + cell.band, cell.image_width, cell.image_height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        job: JobRecord | None = index.data(JobRole)
        if job is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette
        rect: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        cell = self.cell(index.row())
        square = self.image_rect(rect, index.row())
        tile = square.width()
        if cell.first_of_day:
            band = QRect(rect.x() + MARGIN, rect.y(), rect.width() - 2 * MARGIN, cell.band)
            self._paint_day(painter, band, job, palette.color(QPalette.ColorRole.Text))
        if selected:
            frame = QRect(
                square.x() - MARGIN + 2,
                square.y() - MARGIN + 2,
                tile + 2 * MARGIN - 4,
                square.height() + CAPTION + 2 * MARGIN - 4,
            )
            painter.fillRect(frame, palette.color(QPalette.ColorRole.Highlight))
        self._paint_image(painter, square, job, palette)
        if job.rejected:
            self._paint_rejected(painter, square)
        overlay = self.overlay(job)
        if overlay is not None:
            self._paint_progress(painter, square, *overlay)
        self._paint_badges(painter, square, job)
        if option.state & QStyle.StateFlag.State_MouseOver and dismissible(job):
            self._paint_dismiss(painter, dismiss_rect(square))
        if option.state & QStyle.StateFlag.State_MouseOver and job.cover is not None:
            self._paint_hover_actions(painter, square, job)
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DotLine))
            painter.drawRect(square.adjusted(-2, -2, 2, 2))
        caption_rect = QRect(square.x(), square.bottom() + 3, tile, CAPTION - 3)
        room = tile
        if job.rating:
            # The stars share the caption's line, right-aligned: the tile's size never changes.
            marks = "★" * job.rating
            painter.setPen(STAR)
            painter.drawText(caption_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, marks)
            room -= painter.fontMetrics().horizontalAdvance(marks) + 6
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        if job.rejected and not selected:
            role = QPalette.ColorRole.PlaceholderText  # the caption fades with its image
        painter.setPen(palette.color(role))
        text = painter.fontMetrics().elidedText(caption(job), Qt.TextElideMode.ElideRight, max(0, room))
        painter.drawText(caption_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()

    def _paint_rejected(self, painter: QPainter, square: QRect) -> None:
        """Dimmed, with a red ✕ in the bottom-right corner: still recognisable, clearly culled."""
        painter.fillRect(square, QColor(0, 0, 0, 150))
        area = QRect(square.right() - 6 - HOVER, square.bottom() - 6 - HOVER, HOVER, HOVER)
        path = QPainterPath()
        path.addEllipse(QRectF(area))
        painter.fillPath(path, REJECTED)
        painter.setPen(QPen(WHITE, 2.5))
        inner = area.adjusted(8, 8, -8, -8)
        painter.drawLine(inner.topLeft(), inner.bottomRight())
        painter.drawLine(inner.topRight(), inner.bottomLeft())

    def _paint_day(self, painter: QPainter, band: QRect, job: JobRecord, color: QColor) -> None:
        """The band above a day's first row: its name ("Today", "Yesterday", a date)."""
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(
            band.adjusted(0, 0, 0, -2), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, day_name(job)
        )
        painter.setFont(QFont(font.family()))

    def _paint_hover_actions(self, painter: QPainter, image: QRect, job: JobRecord) -> None:
        from ..icons import glyph

        upscales = upscale_ids(job)
        for name, area in hover_rects(image, upscales=bool(upscales)).items():
            if name == "favourite":
                picture = glyph("heart-filled", FAVOURITE) if job.favourite else glyph("heart", WHITE)
            elif name.startswith("U"):
                if int(name[1:]) in upscales:
                    self._paint_chip(painter, area, name)
                continue
            else:
                picture = glyph(name, WHITE)
            _paint_round(painter, area, picture)

    def _paint_chip(self, painter: QPainter, area: QRect, text: str) -> None:
        path = QPainterPath()
        path.addRoundedRect(QRectF(area), 6, 6)
        painter.fillPath(path, QColor(0, 0, 0, 160))
        painter.setPen(WHITE)
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_dismiss(self, painter: QPainter, area: QRect) -> None:
        path = QPainterPath()
        path.addEllipse(QRectF(area))
        painter.fillPath(path, QColor(0, 0, 0, 150))
        painter.setPen(QPen(QColor("white"), 2))
        inner = area.adjusted(8, 8, -8, -8)
        painter.drawLine(inner.topLeft(), inner.bottomRight())
        painter.drawLine(inner.topRight(), inner.bottomLeft())

    def editorEvent(
        self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem, index: _Index
    ) -> bool:
        """A click on a failed tile's × dismisses it (the press too is taken, so it selects nothing)."""
        if (
            event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease)
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            job = index.data(JobRole)
            image = self.image_rect(option.rect, index.row())
            point = event.position().toPoint()
            if job is not None and job.cover is not None:
                upscales = upscale_ids(job)
                for name, area in hover_rects(image, upscales=bool(upscales)).items():
                    if not area.contains(point) or (name.startswith("U") and int(name[1:]) not in upscales):
                        continue
                    if event.type() == QEvent.Type.MouseButtonRelease:
                        if name == "favourite":
                            self.favourite_requested.emit(job.id)
                        elif name == "open":
                            self.open_requested.emit(job.id)
                        elif name.startswith("U"):
                            self.action_requested.emit(job.id, upscales[int(name[1:])])
                        else:
                            self.action_requested.emit(job.id, name)
                    return True
            if job is not None and dismissible(job) and dismiss_rect(image).contains(point):
                if event.type() == QEvent.Type.MouseButtonRelease:
                    self.dismiss_requested.emit(job.id)
                return True
        return super().editorEvent(event, model, option, index)

    def _paint_image(self, painter: QPainter, square: QRect, job: JobRecord, palette: QPalette) -> None:
        painter.fillRect(square, palette.color(QPalette.ColorRole.AlternateBase))
        cover = job.cover
        pixmap = self.loader.pixmap(cover.path) if cover is not None else None
        if pixmap is not None and not pixmap.isNull():
            # The tile has the image's proportions: fill it, cropping the rounding's pixel or two.
            scaled = pixmap.size().scaled(square.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(square.center())
            painter.save()
            painter.setClipRect(square)
            painter.drawPixmap(target, pixmap)
            painter.restore()
            return
        lines = text_result(job)
        if lines:
            self._paint_text_card(painter, square, lines, palette)
            return
        # A placeholder that says why there is no picture yet.
        if cover is not None and self.loader.failed(cover.path):
            text = self.tr("Image file missing")
        elif cover is not None or (job.is_finished and job.downloaded_at is None and job.status == "SUCCESS"):
            text = self.tr("Loading…")
        elif job.is_finished:
            text = self.tr("No image")
        else:
            text = ""
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(square, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)

    def _paint_text_card(self, painter: QPainter, square: QRect, lines: list[str], palette: QPalette) -> None:
        """A describe's prompts or a shorten's candidates, readable on the tile instead of "No image"."""
        area = square.adjusted(10, 10, -10, -10)
        font = QFont(painter.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        y = area.top()
        for number, line in enumerate(lines, 1):
            if y + metrics.height() > area.bottom():
                break
            room = max(1, (area.bottom() - y) // metrics.height())
            block = QRect(area.left(), y, area.width(), min(room, 3) * metrics.height())
            text = f"{number}. {line}"
            bounds = metrics.boundingRect(block, Qt.TextFlag.TextWordWrap, text)
            painter.drawText(block, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, text)
            y += min(bounds.height(), block.height()) + metrics.height() // 2

    def overlay(self, job: JobRecord) -> tuple[str, int | None] | None:
        """The text over an unfinished tile and the progress bar's value (None: no bar)."""
        state = state_of(job)
        if state in (JobState.RUNNING, JobState.QUEUED) and self.stalled(job.profile):
            # Polling fails: a frozen "Running 14 %" would claim knowledge we do not have.
            return self.tr("Waiting for the server…"), None
        if state in (JobState.RUNNING, JobState.QUEUED, JobState.SUBMITTING):
            progress = job.progress if state is JobState.RUNNING else None
            text = f"{progress} %" if progress else "…"
            if state is JobState.QUEUED and job.queued_position:
                text = self.tr("Queued · {n} ahead").format(n=job.queued_position)
            speed = self._speed(job)
            return (f"{text}\n{speed}" if speed else text), progress
        return None

    def _speed(self, job: JobRecord) -> str:
        """The speed a job runs at, when it is not the usual fast mode (a relaxed job takes minutes)."""
        mode = str((job.raw or {}).get("mode") or "").upper()
        return {"RELAX": self.tr("Relax mode"), "TURBO": self.tr("Turbo mode")}.get(mode, "")

    def _paint_progress(self, painter: QPainter, square: QRect, text: str, progress: int | None) -> None:
        painter.fillRect(square, QColor(0, 0, 0, 110))
        painter.setPen(QColor("white"))
        font = QFont(painter.font())
        font.setPointSizeF(font.pointSizeF() * (1.6 if len(text) < 8 else 1.2))
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(square, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
        painter.setFont(QFont(painter.font().family()))
        if progress:
            width = square.width() - 16
            bar = QRectF(square.x() + 8, square.bottom() - 12, width * progress / 100, 5)
            painter.fillRect(QRectF(square.x() + 8, square.bottom() - 12, width, 5), QColor(255, 255, 255, 70))
            painter.fillRect(bar, QColor("#0a84ff"))

    def _paint_badges(self, painter: QPainter, square: QRect, job: JobRecord) -> None:
        if job.is_finished and any(im.kind.value == "video" for im in job.images):
            # A video's poster frame: the play mark says it moves (the viewer plays it).
            from ..icons import glyph

            mark = QRect(square.x() + 8, square.bottom() - 8 - HOVER, HOVER, HOVER)
            _paint_round(painter, mark, glyph("play", WHITE))
        found = badge(job)
        if found is not None:
            text, colour = found
            metrics = painter.fontMetrics()
            pill = QRectF(square.x() + 6, square.y() + 6, metrics.horizontalAdvance(text) + 14, metrics.height() + 4)
            path = QPainterPath()
            path.addRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.fillPath(path, colour)
            painter.setPen(QColor("white"))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        if job.favourite:
            # A heart, as on the hover button: stars are the rating's.
            from ..icons import glyph

            mark = QRect(square.right() - 5 - HOVER, square.y() + 6, HOVER, HOVER)
            _paint_round(painter, mark, glyph("heart-filled", FAVOURITE))
