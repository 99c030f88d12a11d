"""Render resources/icons/mjdesk.svg to the PNG sizes, the Windows .ico and the macOS .icns.

Uses Qt's own SVG renderer (QtSvg ships in PySide6-Essentials, already a dependency), so no
cairo or librsvg is needed; Pillow writes the .ico and .icns. The outputs are committed, so a
build never needs this script: run it after editing the SVG (`make icons`).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "mjdesk.svg"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> Image.Image:
    """The SVG drawn at size×size px, antialiased, as an RGBA Pillow image."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG for Qt")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return Image.open(io.BytesIO(bytes(buf.data()))).convert("RGBA")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = ICONS / "png"
    out.mkdir(parents=True, exist_ok=True)
    images = {size: render(SVG, size) for size in PNG_SIZES}
    for size, image in images.items():
        image.save(out / f"mjdesk-{size}.png", optimize=True)
    # Each size drawn from the vector, not downscaled from 256, so the small ones stay crisp.
    ico = [images[s] for s in ICO_SIZES]
    ico[-1].save(ICONS / "mjdesk.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=ico[:-1])
    images[1024].save(ICONS / "mjdesk.icns", append_images=[images[s] for s in (16, 32, 64, 128, 256, 512)])
    print(f"rendered {len(images)} PNGs, mjdesk.ico and mjdesk.icns into {ICONS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
