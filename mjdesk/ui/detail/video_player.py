"""A job's video, played in place: play/pause, scrub, loop, which of its videos.

The frames go to the panel's own ImageView through a QVideoSink instead of a QVideoWidget: a video
then zooms and pans like an image (Fit, 100 %, the wheel), the viewer's dark surround stays, and a
window grab shows it (a QVideoWidget is a native surface that grabs and offscreen tests never see).
QtMultimedia is imported on the first video shown, so a start-up without videos never pays for it;
where it cannot load (a system without its audio library), the bar says so and offers the
system's player.
"""

from __future__ import annotations

import ctypes
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLoggingCategory, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QToolButton, QWidget
from shiboken6 import isValid

from ..icons import glyph_icon

if TYPE_CHECKING:
    from .image_view import ImageView

log = logging.getLogger(__name__)


def _clock(ms: int, *, nearest: bool = False) -> str:
    """m:ss; a duration to the nearest second (a 1.99 s clip is "0:02"), a position down."""
    seconds = (max(0, ms) + (500 if nearest else 0)) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


# Qt Multimedia probes optional libraries (PipeWire, VA-API) and says so at warning level on every
# machine without them, and announces its FFmpeg at info level: noise in a designer's log. Playback
# problems still arrive through the player's errorOccurred.
QUIET_MULTIMEDIA = "\n".join(
    (
        "qt.multimedia.symbolsresolver.warning=false",
        "qt.multimedia.ffmpeg.info=false",
        "qt.multimedia.playbackengine.codec.info=false",
    )
)


AV_LOG_FATAL = 8


def _loaded_avutil() -> list[Path]:
    """FFmpeg's libavutil as this process loaded it (Linux: the memory map), else where Qt keeps
    its libraries (Windows, macOS: avutil-59.dll, libavutil.59.dylib)."""
    maps = Path("/proc/self/maps")
    if maps.exists():
        found = {line.split()[-1] for line in maps.read_text().splitlines() if "avutil" in line and "/" in line}
        return sorted(Path(p) for p in found)
    from PySide6.QtCore import QLibraryInfo

    paths = (QLibraryInfo.LibraryPath.LibrariesPath, QLibraryInfo.LibraryPath.BinariesPath)
    return sorted(
        c for p in paths for c in Path(QLibraryInfo.path(p)).glob("*avutil*") if c.suffix in (".dll", ".dylib")
    )


def quiet_ffmpeg() -> bool:
    """Keep FFmpeg (under Qt Multimedia) from printing its probing on stderr: hardware decoders it
    does not find, each file's stream table. Its own default, which Qt leaves in place, is every
    message of info level; errors still reach the player's errorOccurred. Call it once the player
    exists (its plugin loads FFmpeg). True when it was set."""
    for library in _loaded_avutil():
        try:
            ctypes.CDLL(str(library)).av_log_set_level(AV_LOG_FATAL)
        except (OSError, AttributeError) as exc:
            log.debug("cannot quieten %s: %s", library, exc)
            continue
        return True
    return False


def _multimedia() -> Any:
    """QtMultimedia, or None where this system cannot load it (logged once per attempt)."""
    QLoggingCategory.setFilterRules(QUIET_MULTIMEDIA)
    try:
        from PySide6 import QtMultimedia
    except ImportError as exc:  # e.g. libpulse.so.0 missing on a minimal Linux
        log.warning("video playback unavailable: %s", exc)
        return None
    return QtMultimedia


class VideoBar(QWidget):
    """The controls under a video; the picture itself is drawn by ``view``."""

    def __init__(self, view: ImageView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.videos: list[Path] = []
        self.frames = 0  # frames drawn since the current video was set (tests, and "has it played")
        self._player: Any = None
        self._sink: Any = None
        self._seeking = False

        self.play_button = QToolButton(self)
        self.play_button.setAccessibleName(self.tr("Play or pause the video (K)"))
        self.play_button.setToolTip(self.tr("Play / pause (K)"))
        self.play_button.clicked.connect(self.toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setAccessibleName(self.tr("Position in the video"))
        self.slider.sliderMoved.connect(self.seek)
        self.slider.sliderPressed.connect(lambda: setattr(self, "_seeking", True))
        self.slider.sliderReleased.connect(self._released)
        self.time = QLabel("0:00 / 0:00", self)
        self.time.setAccessibleName(self.tr("Time in the video"))
        self.loop_button = QToolButton(self)
        self.loop_button.setIcon(glyph_icon("loop", self))
        self.loop_button.setCheckable(True)
        self.loop_button.setChecked(True)
        self.loop_button.setAccessibleName(self.tr("Loop the video"))
        self.loop_button.setToolTip(self.tr("Loop"))
        self.loop_button.toggled.connect(self._apply_loop)
        self.which = QComboBox(self)
        self.which.setAccessibleName(self.tr("Which video"))
        self.which.currentIndexChanged.connect(self._pick)
        self.external = QToolButton(self)
        self.external.setText(self.tr("Open in player"))
        self.external.setAccessibleName(self.tr("Open the video in the system's player"))
        self.external.clicked.connect(self.open_external)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.hide()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.play_button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.time)
        layout.addWidget(self.loop_button)
        layout.addWidget(self.which)
        layout.addWidget(self.external)
        layout.addWidget(self.problem, 1)
        self._show_playing(False)
        self.hide()

    # -- what plays -----------------------------------------------------------------------------

    def set_videos(self, videos: list[Path], *, autoplay: bool) -> None:
        """The job's videos (an empty list: no video, the bar hides and playback stops)."""
        if videos == self.videos:
            if autoplay and not self.playing:
                self.play()
            return
        self.stop()
        self.frames = 0
        self.videos = videos
        self.setVisible(bool(videos))
        self.which.blockSignals(True)
        self.which.clear()
        self.which.addItems([self.tr("Video {n}").format(n=n) for n in range(1, len(videos) + 1)])
        self.which.blockSignals(False)
        self.which.setVisible(len(videos) > 1)
        if videos and autoplay:
            self.play()

    @property
    def current(self) -> Path | None:
        index = max(0, self.which.currentIndex())
        return self.videos[index] if index < len(self.videos) else None

    def _pick(self, _index: int) -> None:
        playing = self.playing
        self.stop()
        if playing:
            self.play()

    # -- playback -------------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        if self._player is None:
            return False
        return bool(self._player.playbackState() == self._player.PlaybackState.PlayingState)

    def _ensure_player(self) -> Any:
        if self._player is not None:
            return self._player
        mm = _multimedia()
        if mm is None:
            self._unavailable(self.tr("Videos cannot play inside mjdesk on this system."))
            return None
        self._player = mm.QMediaPlayer(self)
        quiet_ffmpeg()
        self._sink = mm.QVideoSink(self)
        self._player.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._frame)
        self._player.positionChanged.connect(self._position)
        self._player.durationChanged.connect(self._duration)
        self._player.playbackStateChanged.connect(lambda _s: self._show_playing(self.playing))
        self._player.errorOccurred.connect(self._error)
        self._apply_loop(self.loop_button.isChecked())
        return self._player

    def play(self) -> None:
        player = self._ensure_player()
        path = self.current
        if player is None or path is None:
            return
        if player.source() != QUrl.fromLocalFile(str(path)):
            self.frames = 0
            self.problem.hide()
            player.setSource(QUrl.fromLocalFile(str(path)))
        player.play()

    def pause(self) -> None:
        if self._player is not None:
            self._player.pause()

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def stop(self) -> None:
        """Stop and let go of the file (a job changed, the panel hides, the app quits)."""
        if self._player is not None:
            self._player.stop()
            self._player.setSource(QUrl())
        self.slider.setValue(0)
        self.time.setText("0:00 / 0:00")
        self._show_playing(False)

    def seek(self, ms: int) -> None:
        if self._player is not None:
            self._player.setPosition(max(0, ms))

    def _released(self) -> None:
        self._seeking = False
        self.seek(self.slider.value())

    def _apply_loop(self, on: bool) -> None:
        if self._player is not None:
            self._player.setLoops(self._player.Loops.Infinite if on else 1)

    # -- what the player says -------------------------------------------------------------------

    def _frame(self, frame: Any) -> None:
        if not isValid(self) or not frame.isValid():
            return
        image: QImage = frame.toImage()
        if image.isNull():
            return
        self.frames += 1
        self.view.set_pixmap(QPixmap.fromImage(image))

    def _position(self, ms: int) -> None:
        if not self._seeking:
            self.slider.setValue(ms)
        duration = self._player.duration() if self._player is not None else 0
        self.time.setText(f"{_clock(ms)} / {_clock(duration, nearest=True)}")

    def _duration(self, ms: int) -> None:
        self.slider.setRange(0, max(0, ms))
        self.time.setText(f"{_clock(self.slider.value())} / {_clock(ms, nearest=True)}")

    def _error(self, _error: object, text: str) -> None:
        log.info("video playback failed: %s", text)
        self._unavailable(self.tr("This video cannot be played here ({reason}).").format(reason=text or "?"))

    def _unavailable(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        for widget in (self.play_button, self.slider, self.time, self.loop_button):
            widget.setEnabled(False)

    def _show_playing(self, playing: bool) -> None:
        self.play_button.setIcon(glyph_icon("pause" if playing else "play", self))

    def open_external(self) -> None:
        path = self.current
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
