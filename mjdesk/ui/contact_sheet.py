"""A contact sheet as a PDF: a grid of images per page, each with its prompt, parameters, job id,
date and server underneath; a header with the sheet's title and date, "1 / 3" at the foot.

Drawn with Qt's own PDF writer, which embeds (subsets of) the fonts it draws with, the fallback
fonts Chinese text needs included. :func:`render_sheet` uses only QPdfWriter, QPainter and QImage,
which work off the GUI thread: the window calls it through ``asyncio.to_thread``. The plan (grids,
paper, pages, the text under an image) is Qt-free, in ``mjdesk/core/contact_sheet.py``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontInfo,
    QFontMetricsF,
    QImage,
    QImageReader,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QRawFont,
    QTextLayout,
    QTextOption,
)

from mjdesk.core.contact_sheet import DEFAULT_PER_PAGE, grid_of, page_label, paginate

DPI = 300  # the PDF's device units; images are decoded at IMAGE_DPI, enough for print
IMAGE_DPI = 200
MARGIN_MM = 12.0
GUTTER_MM = 5.0
PROMPT_LINES = 3

_PAPER = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


@dataclass(frozen=True)
class SheetEntry:
    """One cell, as the window prepared it (texts already translated)."""

    image: Path | None
    prompt: str
    parameters: str
    facts: str  # "Job 12 · 2025-06-01 14:03 · server"


@dataclass(frozen=True)
class SheetOptions:
    per_page: int = DEFAULT_PER_PAGE
    paper: str = "A4"
    title: str = ""
    subtitle: str = ""  # printed at the right of the header: the date, how many images
    prompt_lines: int = PROMPT_LINES
    no_image: str = "No image"  # in the empty box of a job without an image (translated by the caller)


def _mm(mm: float) -> float:
    return mm / 25.4 * DPI


# Chinese prompts in Simplified Chinese glyph forms: without a hint, Qt's fallback may pick a CJK
# font's Japanese cut (Noto Sans CJK JP), whose forms of some characters differ.
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei")


def _font(points: float, *, bold: bool = False) -> QFont:
    font = QFont()  # the application's font; Qt falls back per character and embeds what it used
    font.setFamilies([QFontInfo(font).family(), *CJK_FAMILIES])  # the real family: an alias would skip to CJK
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _decode(path: Path, width: int, height: int) -> QImage | None:
    """The image scaled to fit (width, height) pixels, decoded at about that size (JPEG decodes at
    a fraction of its size for a fraction of the time)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and size.width() > 0 and size.height() > 0:
        scaled = size.scaled(QSize(width, height), Qt.AspectRatioMode.KeepAspectRatio)
        if scaled.width() < size.width():
            reader.setScaledSize(scaled)
    image = reader.read()
    return None if image.isNull() else image


def wrapped_lines(text: str, font: QFont, width: float, max_lines: int, device: QPdfWriter) -> list[str]:
    """``text`` broken into lines of ``width`` device units, at most ``max_lines``; the last one
    ends in an ellipsis when the text goes on."""
    if not text or max_lines < 1:
        return []
    layout = QTextLayout(text, font, device)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    spans: list[tuple[int, int]] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [text[start : start + length].rstrip() for start, length in spans[:max_lines]]
    if len(spans) > max_lines:
        rest = text[spans[max_lines - 1][0] :].replace("\n", " ")
        metrics = QFontMetricsF(font, device)
        last = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
        if not last.endswith("…"):
            last = metrics.elidedText(rest + " …", Qt.TextElideMode.ElideRight, width)
        lines[-1] = last
    return lines


def render_sheet(target: Path, entries: Sequence[SheetEntry], options: SheetOptions) -> int:
    """Write the contact sheet to ``target`` (replacing it: the save dialog asked); returns the
    number of pages. Safe in a worker thread."""
    tmp = target.with_name(f".{target.name}.part")
    try:
        pages = _render(str(tmp), entries, options)
        texts = [options.title, *(e.prompt for e in entries)]
        tmp.write_bytes(restore_ideographs(tmp.read_bytes(), texts, [_font(8.5), _font(13, bold=True)]))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return pages


# Qt writes each embedded font's ToUnicode map from the font's own character map, taking the lowest
# code point of a glyph: in CJK fonts 水 (U+6C34) shares its glyph with the Kangxi radical ⽔
# (U+2F54), 风 with the radical ⻛ (U+2EDB)... so text copied or searched in the PDF came out in
# radicals. The map is plain text with fixed-width codes: the drawn ideographs are put back in
# place, byte for byte (no offset in the file moves).
_RADICALS = range(0x2E80, 0x2FE0)
_CMAP = re.compile(rb"begincmap.*?endcmap", re.DOTALL)
_CODE = re.compile(rb"<([0-9A-Fa-f]{4})>")


def _stand_ins(texts: Sequence[str], fonts: Sequence[QFont]) -> dict[bytes, bytes]:
    """Radical code -> the ideograph of the texts drawn with the same glyph (4 hex digits each)."""
    ideographs = {c for t in texts for c in t if 0x3400 <= ord(c) <= 0xFFFF and ord(c) not in _RADICALS}
    written = {ord(c) for t in texts for c in t if ord(c) in _RADICALS}  # a radical meant as one stays
    found: dict[bytes, bytes] = {}
    if not ideographs:
        return found
    for font in fonts:
        raw = QRawFont.fromFont(font, QFontDatabase.WritingSystem.SimplifiedChinese)
        if not raw.isValid():
            continue
        radicals: dict[int, list[int]] = {}
        for code in _RADICALS:
            glyphs = raw.glyphIndexesForString(chr(code))
            if glyphs and glyphs[0] and code not in written:
                radicals.setdefault(glyphs[0], []).append(code)
        for char in ideographs:
            glyphs = raw.glyphIndexesForString(char)
            for code in radicals.get(glyphs[0], []) if glyphs else []:
                found[b"%04X" % code] = b"%04X" % ord(char)
    return found


def restore_ideographs(pdf: bytes, texts: Sequence[str], fonts: Sequence[QFont]) -> bytes:
    """``pdf`` with the radicals of its ToUnicode maps that stand for drawn ideographs replaced."""
    stand_ins = _stand_ins(texts, fonts)
    if not stand_ins:
        return pdf

    def cmap(match: re.Match[bytes]) -> bytes:
        lines = []
        ranges = False
        for line in match.group().split(b"\n"):
            if line.endswith((b"beginbfrange", b"endbfrange")):
                ranges = line.endswith(b"beginbfrange")
            codes = list(_CODE.finditer(line))
            # Destinations only: after the source code (bfchar) or the source range (bfrange); a
            # range <a> <b> <dst> counts up from dst, so only a one-code range is safe to touch.
            skip = 2 if ranges else 1
            if ranges and len(codes) == 3 and b"[" not in line and codes[0].group(1) != codes[1].group(1):
                skip = 3
            for code in reversed(codes[skip:]):
                new = stand_ins.get(code.group(1).upper())
                if new is not None:
                    line = line[: code.start(1)] + new + line[code.end(1) :]
            lines.append(line)
        return b"\n".join(lines)

    fixed = _CMAP.sub(cmap, pdf)
    return fixed if len(fixed) == len(pdf) else pdf  # same length, or the xref offsets would lie


def _render(file_name: str, entries: Sequence[SheetEntry], options: SheetOptions) -> int:
    writer = QPdfWriter(file_name)
    writer.setResolution(DPI)
    writer.setCreator("mjdesk")
    writer.setTitle(options.title)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(_PAPER.get(options.paper, QPageSize.PageSizeId.A4)),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    pages = paginate(list(entries), options.per_page)
    columns, rows = grid_of(options.per_page)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {file_name}")
    try:
        area = QRectF(0, 0, writer.width(), writer.height())  # the printable area, in device units
        title_font, small_font = _font(13, bold=True), _font(7.5)
        prompt_font, params_font = _font(8.5), _font(7.5)
        header_h = QFontMetricsF(title_font, writer).height() * 1.6
        footer_h = QFontMetricsF(small_font, writer).height() * 1.8
        gutter = _mm(GUTTER_MM)
        cell_w = (area.width() - gutter * (columns - 1)) / columns
        cell_h = (area.height() - header_h - footer_h - gutter * (rows - 1)) / rows
        prompt_h = QFontMetricsF(prompt_font, writer).lineSpacing()
        params_h = QFontMetricsF(params_font, writer).lineSpacing()
        text_h = prompt_h * options.prompt_lines + params_h * 3 + _mm(2)
        image_h = max(cell_h - text_h, cell_h * 0.4)
        px = IMAGE_DPI / DPI
        for number, page in enumerate(pages, 1):
            if number > 1:
                writer.newPage()
            _header(painter, writer, area, header_h, options, title_font, small_font)
            for i, entry in enumerate(page):
                x = area.left() + (i % columns) * (cell_w + gutter)
                y = area.top() + header_h + (i // columns) * (cell_h + gutter)
                image_box = QRectF(x, y, cell_w, image_h)
                image = _decode(entry.image, int(cell_w * px), int(image_h * px)) if entry.image else None
                _image(painter, image_box, image, options.no_image, small_font)
                top = y + image_h + _mm(1.5)
                painter.setPen(QColor(20, 20, 20))
                painter.setFont(prompt_font)
                metrics = QFontMetricsF(prompt_font, writer)
                for line in wrapped_lines(entry.prompt, prompt_font, cell_w, options.prompt_lines, writer):
                    painter.drawText(QPointF(x, top + metrics.ascent()), line)
                    top += prompt_h
                painter.setPen(QColor(70, 70, 70))
                painter.setFont(params_font)
                metrics = QFontMetricsF(params_font, writer)
                for line in wrapped_lines(entry.parameters, params_font, cell_w, 2, writer):
                    painter.drawText(QPointF(x, top + metrics.ascent()), line)
                    top += params_h
                painter.setPen(QColor(110, 110, 110))
                facts = metrics.elidedText(entry.facts, Qt.TextElideMode.ElideRight, cell_w)
                painter.drawText(QPointF(x, top + metrics.ascent()), facts)
            painter.setFont(small_font)
            painter.setPen(QColor(90, 90, 90))
            painter.drawText(
                QRectF(area.left(), area.bottom() - footer_h, area.width(), footer_h),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                page_label(number, len(pages)),
            )
    finally:
        painter.end()
    return len(pages)


def _header(
    painter: QPainter,
    writer: QPdfWriter,
    area: QRectF,
    height: float,
    options: SheetOptions,
    title_font: QFont,
    small_font: QFont,
) -> None:
    small = QFontMetricsF(small_font, writer)
    subtitle_w = small.horizontalAdvance(options.subtitle)
    big = QFontMetricsF(title_font, writer)
    baseline = area.top() + big.ascent()  # title and date on one baseline
    painter.setPen(QColor(20, 20, 20))
    painter.setFont(title_font)
    title = big.elidedText(options.title, Qt.TextElideMode.ElideRight, area.width() - subtitle_w - _mm(4))
    painter.drawText(QPointF(area.left(), baseline), title)
    painter.setFont(small_font)
    painter.setPen(QColor(90, 90, 90))
    painter.drawText(QPointF(area.right() - subtitle_w, baseline), options.subtitle)
    painter.setPen(QPen(QColor(180, 180, 180), _mm(0.2)))
    line_y = baseline + big.descent() + _mm(1)
    painter.drawLine(QPointF(area.left(), line_y), QPointF(area.right(), line_y))


def _image(painter: QPainter, box: QRectF, image: QImage | None, no_image: str, font: QFont) -> None:
    if image is None:
        painter.fillRect(box, QColor(238, 238, 238))
        painter.setPen(QColor(120, 120, 120))
        painter.setFont(font)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), no_image)
        return
    size = image.size().toSizeF().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
    # At the foot of its box: the text under every image starts at the same height, right below it.
    left = box.left() + (box.width() - size.width()) / 2
    target = QRectF(left, box.bottom() - size.height(), size.width(), size.height())
    painter.drawImage(target, image)
