"""The parts of ``mjdesk --selftest`` that check the installation rather than the window.

A frozen build (PyInstaller) loses what its import scan cannot see: modules imported inside
functions, plugins found through entry points or at run time, data files, Qt plugins. The
packaging smoke test runs the installed binary with ``--selftest``, so each check here touches one
such thing for real and prints one ``selftest FAILED: ...`` line naming what is missing.
"""

from __future__ import annotations

import base64
import io
import pkgutil
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from mjdesk.core.imaging import ImagingPool

# Third-party modules the app (or a library it uses) imports only on some code path.
LAZY_THIRD_PARTY = (
    "keyring",
    "platformdirs",
    "qasync",
    "httpx",
    "socksio",
    "certifi",
    "sqlite3",
    "PIL.features",
    "PIL.ImageDraw",
    "PIL.ImageFilter",
    "PIL.ImageOps",
    "PIL.ImageCms",
)
# Formats the app needs Qt itself to read (thumbnails, previews); Pillow does the real decoding.
QT_IMAGE_FORMATS = frozenset({"png", "jpeg", "gif", "webp", "ico"})


class CheckFailed(Exception):
    """One check found something missing or broken; the message names it."""


def import_sweep() -> str:
    """Import every mjdesk module and each lazily imported third-party one."""
    import mjdesk

    names = [
        info.name
        for info in pkgutil.walk_packages(mjdesk.__path__, "mjdesk.")
        if not info.name.endswith("__main__")  # importing these would run the program
    ]
    if len(names) < 20:
        raise CheckFailed(f"only {len(names)} mjdesk modules found: the package is incomplete")
    for name in (*names, *LAZY_THIRD_PARTY):
        try:
            import_module(name)
        except Exception as exc:
            raise CheckFailed(f"import {name}: {type(exc).__name__}: {exc}") from exc
    return f"{len(names)} + {len(LAZY_THIRD_PARTY)} modules"


def keyring_backends() -> str:
    """keyring finds its backends through entry points, which need the package metadata."""
    from importlib.metadata import entry_points

    import keyring

    points = entry_points(group="keyring.backends")
    if not points:
        raise CheckFailed("keyring has no backends: its package metadata is missing")
    for point in points:
        point.load()
    backend = keyring.get_keyring()
    return f"keyring {type(backend).__module__}.{type(backend).__name__}"


def network_stack() -> str:
    """The CA bundle httpx verifies TLS with, and SOCKS proxy support."""
    import ssl

    import certifi
    import httpx

    context = ssl.create_default_context(cafile=certifi.where())
    if context.cert_store_stats()["x509_ca"] < 50:
        raise CheckFailed(f"the CA bundle {certifi.where()} holds too few certificates")
    httpx.Client(proxy="socks5://127.0.0.1:9").close()  # raises ImportError without socksio
    return "tls + socks"


def sqlite_search() -> str:
    """The library's full-text search needs FTS5 (and trigram for Chinese) in the bundled SQLite."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
    except sqlite3.OperationalError as exc:
        raise CheckFailed(f"SQLite {sqlite3.sqlite_version} lacks FTS5 trigram: {exc}") from exc
    finally:
        conn.close()
    return f"sqlite {sqlite3.sqlite_version}"


def translations() -> str:
    """Our compiled catalogue and Qt's own, for every shipped language."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from mjdesk.app.i18n import LANGUAGES, qm_path

    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    with tempfile.TemporaryDirectory(prefix="mjdesk-selftest-") as cache:
        for lang in LANGUAGES:
            if lang == "en":
                continue
            path = qm_path(lang, Path(cache))
            if path is None or not QTranslator().load(str(path)):
                raise CheckFailed(f"the {lang} translation of mjdesk is missing")
            if not QTranslator().load(f"qtbase_{lang}", qt_dir):
                raise CheckFailed(f"Qt's own {lang} translation is missing from {qt_dir}")
    return "translations " + " ".join(LANGUAGES)


def text_in_both_languages() -> str:
    """Collation, case mapping and dates in each shipped language: Qt asks ICU, whose data the Linux
    build trims to those languages (packaging/icu_data.py)."""
    from PySide6.QtCore import QCollator, QDate, QLocale

    chinese = ["张", "阿", "波"]  # zhāng, ā, bō: pinyin order is 阿 波 张
    if sorted(chinese, key=QCollator(QLocale("zh_CN")).sortKey) != ["阿", "波", "张"]:
        raise CheckFailed("Chinese text does not sort by pinyin: ICU's zh collation data is missing")
    english = ["zebra", "Éclair", "apple"]
    if sorted(english, key=QCollator(QLocale("en_US")).sortKey) != ["apple", "Éclair", "zebra"]:
        raise CheckFailed("English text does not sort alphabetically: ICU's root collation data is missing")
    if QLocale("en_US").toUpper("straße") != "STRASSE":
        raise CheckFailed("case mapping is broken: ICU's Unicode properties are missing")
    long_date = QLocale("zh_CN").toString(QDate(2026, 12, 4), QLocale.FormatType.LongFormat)
    if "2026年12月4日" not in long_date:
        raise CheckFailed(f"a Chinese date reads {long_date!r}")
    return "collation zh en"


def loaded_libraries(root: Path) -> list[str]:
    """Shared libraries this process mapped from ``root`` (the bundle), as paths relative to it.

    Linux only (read from /proc/self/maps); the packaging smoke test compares them with the Qt
    libraries and plugins the bundle carries, so nothing unused is shipped unexplained.
    """
    maps = Path("/proc/self/maps")
    if not maps.exists():
        return []
    root = root.resolve()
    found = set()
    for line in maps.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) == 6 and ".so" in parts[5]:
            path = Path(parts[5].strip())
            if path.is_relative_to(root):
                found.add(path.relative_to(root).as_posix())
    return sorted(found)


def qt_image_formats() -> str:
    from PySide6.QtGui import QImageReader

    have = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = QT_IMAGE_FORMATS - have
    if missing:
        raise CheckFailed(f"Qt image format plugins missing: {', '.join(sorted(missing))}")
    return "qt images " + " ".join(sorted(QT_IMAGE_FORMATS))


def encode_samples() -> dict[str, bytes]:
    """A small synthetic photo in every input format the build should read (HEIF when bundled:
    resources/samples/selftest.heic is the same picture, encoded once with pillow-heif)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 400), "#204060")
    draw = ImageDraw.Draw(image)
    for i in range(0, 640, 40):
        draw.ellipse((i, i // 2, i + 120, i // 2 + 120), fill=(i % 256, 120, 255 - i % 256))
    samples = {}
    for fmt in ("JPEG", "PNG", "WEBP", "GIF"):
        buf = io.BytesIO()
        image.save(buf, fmt)
        samples[fmt] = buf.getvalue()
    # HEIF is decoded only (the app ships the decode-only pi-heif): a sample file made once.
    from mjdesk.core.imaging.normalise import register_heif

    if not register_heif():
        return samples  # optional: the build had no HEIF support to bundle
    samples["HEIF"] = (Path(__file__).resolve().parents[1] / "resources" / "samples" / "selftest.heic").read_bytes()
    return samples


def mask_round_trip(width: int, height: int) -> str:
    """Export a painted mask the way Vary (Region) does and read the PNG back."""
    from PIL import Image

    from mjdesk.core.imaging import mask_to_data_url

    mask = bytearray(width * height)
    for y in range(height // 4, height // 2):
        mask[y * width + width // 4 : y * width + width // 2] = b"\xff" * (width // 4)
    url = mask_to_data_url(mask, width, height)
    png = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    if png.size != (width, height) or set(png.getdata()) != {0, 255}:
        raise CheckFailed(f"mask export gave {png.size} {png.mode}, expected a {width}×{height} 0/255 mask")
    return f"mask {width}x{height}"


async def imaging_in_workers(pool: ImagingPool) -> str:
    """Pillow work in the imaging pool's threads: decode each format, a thumbnail Qt can show, a mask."""
    from PySide6.QtGui import QPixmap

    samples = await pool.run(encode_samples)
    for fmt, data in samples.items():
        prepared = await pool.prepare_image(data, name=f"sample.{fmt.lower()}")
        if (prepared.original_width, prepared.original_height) != (640, 400):
            raise CheckFailed(f"{fmt} decoded as {prepared.original_width}×{prepared.original_height}")
    with tempfile.TemporaryDirectory(prefix="mjdesk-selftest-") as cache:
        thumb = await pool.make_thumbnail(samples["JPEG"], 128, cache_dir=Path(cache))
        if QPixmap(str(thumb)).isNull():  # GUI thread: QPixmap is not thread-safe
            raise CheckFailed(f"Qt cannot show the thumbnail {thumb.name}")
    mask = await pool.run(mask_round_trip, 640, 400)
    return f"pillow {' '.join(samples)} + thumbnail + {mask}"


def icon_set() -> str:
    """Every icon of the shipped set renders (the SVG files and Qt's SVG module are bundled)."""
    from PySide6.QtGui import QColor

    from mjdesk.ui.icons import NAMES, pixmap

    for name in NAMES:
        image = pixmap(name, QColor("black"), 16, 2.0).toImage()
        inked = sum(image.pixelColor(x, y).alpha() > 100 for x in range(32) for y in range(32))
        if inked < 20:
            raise CheckFailed(f"the icon {name} ({NAMES[name]}.svg) renders empty")
    return f"{len(NAMES)} icons"


async def video_playback() -> str:
    """A short MP4 plays through the app's video bar (Qt Multimedia, its FFmpeg plugin and libraries)."""
    import asyncio

    from PIL import Image

    from mjdesk.sim.mp4 import mjpeg_mp4
    from mjdesk.ui.detail.image_view import ImageView
    from mjdesk.ui.detail.video_player import VideoBar

    frames = [Image.new("RGB", (64, 64), (40 * i, 80, 160)) for i in range(6)]
    with tempfile.TemporaryDirectory(prefix="mjdesk-selftest-") as folder:
        path = Path(folder) / "sample.mp4"
        path.write_bytes(mjpeg_mp4(frames, fps=12))
        view = ImageView()
        bar = VideoBar(view)
        try:
            bar.set_videos([path], autoplay=True)
            deadline = time.monotonic() + 10
            while bar.frames == 0 and not bar.problem.text() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            if bar.frames == 0:
                raise CheckFailed(f"no video frame played: {bar.problem.text() or 'timed out'}")
        finally:
            bar.stop()
            bar.deleteLater()
            view.deleteLater()
    return "video mp4"


SYNC_CHECKS: tuple[Callable[[], str], ...] = (
    import_sweep,
    keyring_backends,
    network_stack,
    sqlite_search,
    translations,
    text_in_both_languages,
    qt_image_formats,
    icon_set,
)


async def run_checks(pool: ImagingPool) -> int:
    """Run every check; print one ok line, or a FAILED line for the first that fails. 0 = ok."""
    started = time.monotonic()
    done = []
    name = ""
    try:
        for check in SYNC_CHECKS:
            name = check.__name__
            done.append(check())
        name = imaging_in_workers.__name__
        done.append(await imaging_in_workers(pool))
        name = video_playback.__name__
        done.append(await video_playback())
    except Exception as exc:
        print(f"selftest FAILED: {name}: {exc}", flush=True)
        return 1
    elapsed = time.monotonic() - started
    print(f"selftest ok: {'; '.join(done)} ({elapsed:.1f} s)", flush=True)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        print(f"selftest loaded: {' '.join(loaded_libraries(Path(bundle)))}", flush=True)
    return 0
