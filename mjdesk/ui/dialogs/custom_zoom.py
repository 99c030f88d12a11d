"""The Custom Zoom dialog: the prompt, a zoom factor from 1 to 2 and the aspect ratio.

The prompt text stays the single source of truth: the controls write ``--zoom``/``--ar`` into it
through mjdesk.core.prompt (replacing only those parameters, everything else untouched), and a value
typed into the text moves the controls.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QWidget,
)

from mjdesk.core.prompt import parse, set_param

from .awaitable import run_dialog
from .remix import PromptDialog

MIN_ZOOM, MAX_ZOOM, ZOOM_STEP = 1.0, 2.0, 0.05
# 1.5: the middle of the allowed range, the same as the "Zoom Out 1.5x" button beside Custom Zoom and
# the example the proxies document. A --zoom already in the prompt wins.
DEFAULT_ZOOM = 1.5
ASPECT_PRESETS = ("1:1", "4:3", "3:2", "16:9", "21:9", "3:4", "2:3", "9:16")
KEEP, CUSTOM = "keep", "custom"


def format_zoom(value: float) -> str:
    """1.75 → "1.75", 1.5 → "1.5", 2.0 → "2"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _zoom_of(text: str) -> float | None:
    value = parse(text).value("zoom")
    try:
        zoom = float(value) if value else None
    except ValueError:
        return None
    return zoom if zoom is not None and MIN_ZOOM <= zoom <= MAX_ZOOM else None


class CustomZoomDialog(PromptDialog):
    """``CustomZoomDialog(prompt, parent=None)``; ``submitted(prompt)`` or ``rejected``."""

    def __init__(self, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(prompt, self.tr("Custom Zoom"), self.tr("Submit Custom Zoom"), parent)
        self._original_ar = parse(prompt).value("ar")
        self._syncing = False

        zoom_row = QHBoxLayout()
        zoom_label = QLabel(self.tr("&Zoom out by"), self)
        self.zoom_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.zoom_slider.setRange(round(MIN_ZOOM * 100), round(MAX_ZOOM * 100))
        self.zoom_slider.setSingleStep(round(ZOOM_STEP * 100))
        self.zoom_slider.setPageStep(25)
        self.zoom_spin = QDoubleSpinBox(self)
        self.zoom_spin.setRange(MIN_ZOOM, MAX_ZOOM)
        self.zoom_spin.setSingleStep(ZOOM_STEP)
        self.zoom_spin.setDecimals(2)
        self.zoom_spin.setSuffix("×")
        tip = self.tr("How far to zoom out: 1 keeps the framing, 2 doubles the width and height of the view")
        for widget in (self.zoom_slider, self.zoom_spin):
            widget.setAccessibleName(self.tr("Zoom factor"))
            widget.setToolTip(tip)
        zoom_label.setBuddy(self.zoom_spin)
        zoom_row.addWidget(zoom_label)
        zoom_row.addWidget(self.zoom_slider, 1)
        zoom_row.addWidget(self.zoom_spin)

        ar_row = QHBoxLayout()
        ar_label = QLabel(self.tr("&Aspect ratio"), self)
        self.ar_combo = QComboBox(self)
        self.ar_combo.setAccessibleName(self.tr("Aspect ratio"))
        keep_text = (
            self.tr("Keep ({ar})").format(ar=self._original_ar) if self._original_ar else self.tr("Keep the image's")
        )
        self.ar_combo.addItem(keep_text, KEEP)
        for preset in ASPECT_PRESETS:
            self.ar_combo.addItem(preset, preset)
        self.ar_combo.addItem(self.tr("Custom…"), CUSTOM)
        ar_label.setBuddy(self.ar_combo)
        self.ar_width, self.ar_height = QSpinBox(self), QSpinBox(self)
        for box, name in (
            (self.ar_width, self.tr("Aspect ratio width")),
            (self.ar_height, self.tr("Aspect ratio height")),
        ):
            box.setRange(1, 99)
            box.setValue(1)
            box.setAccessibleName(name)
            box.setVisible(False)
            box.valueChanged.connect(self._controls_changed)
        self.ar_colon = QLabel(":", self)
        self.ar_colon.setVisible(False)
        ar_row.addWidget(ar_label)
        ar_row.addWidget(self.ar_combo, 1)
        ar_row.addWidget(self.ar_width)
        ar_row.addWidget(self.ar_colon)
        ar_row.addWidget(self.ar_height)

        self.form.addLayout(zoom_row)
        self.form.addLayout(ar_row)
        self.zoom_slider.valueChanged.connect(lambda v: self.zoom_spin.setValue(v / 100))
        self.zoom_spin.valueChanged.connect(self._controls_changed)
        self.ar_combo.currentIndexChanged.connect(self._controls_changed)
        self.editor.textChanged.connect(self._text_changed)

        self._set_zoom_controls(_zoom_of(prompt) or DEFAULT_ZOOM)
        self._controls_changed()  # writes --zoom into the prompt when it had none
        self.finish_layout()

    # -- the two directions --------------------------------------------------------------------

    def _controls_changed(self) -> None:
        if self._syncing:
            return
        mode = self.ar_combo.currentData()
        custom = mode == CUSTOM
        for widget in (self.ar_width, self.ar_colon, self.ar_height):
            widget.setVisible(custom)
        self.zoom_slider.blockSignals(True)
        self.zoom_slider.setValue(round(self.zoom_spin.value() * 100))
        self.zoom_slider.blockSignals(False)
        text = set_param(self.editor.toPlainText(), "zoom", format_zoom(self.zoom_spin.value()))
        if mode == KEEP:
            text = set_param(text, "ar", self._original_ar)  # None: no --ar, as it came
        elif custom:
            text = set_param(text, "ar", f"{self.ar_width.value()}:{self.ar_height.value()}")
        else:
            text = set_param(text, "ar", mode)
        if text != self.editor.toPlainText():
            self._syncing = True
            self.editor.setPlainText(text)
            self._syncing = False

    def _text_changed(self) -> None:
        """A --zoom or --ar typed into the prompt moves the controls (never the other way round here)."""
        if self._syncing:
            return
        text = self.editor.toPlainText()
        self._syncing = True
        try:
            zoom = _zoom_of(text)
            if zoom is not None:
                self._set_zoom_controls(zoom)
            ar = parse(text).value("ar")
            if ar == self._original_ar:
                self.ar_combo.setCurrentIndex(0)
            elif ar in ASPECT_PRESETS:
                self.ar_combo.setCurrentIndex(self.ar_combo.findData(ar))
            elif ar and ":" in ar and all(p.isdigit() and 0 < int(p) < 100 for p in ar.split(":", 1)):
                self.ar_combo.setCurrentIndex(self.ar_combo.findData(CUSTOM))
                w, h = ar.split(":", 1)
                self.ar_width.setValue(int(w))
                self.ar_height.setValue(int(h))
            custom = self.ar_combo.currentData() == CUSTOM
            for widget in (self.ar_width, self.ar_colon, self.ar_height):
                widget.setVisible(custom)
        finally:
            self._syncing = False

    def _set_zoom_controls(self, zoom: float) -> None:
        # Quietly: the slider's signal moves the spin box and the spin box's rewrites the prompt being read.
        with QSignalBlocker(self.zoom_spin), QSignalBlocker(self.zoom_slider):
            self.zoom_spin.setValue(zoom)
            self.zoom_slider.setValue(round(zoom * 100))

    def validation_reason(self) -> str | None:
        reason = super().validation_reason()
        if reason is None and _zoom_of(self.prompt()) is None:
            return self.tr("Custom Zoom needs --zoom with a value from 1 to 2.")
        return reason


async def ask_custom_zoom(parent: QWidget | None, prompt: str) -> str | None:
    """Show the Custom Zoom dialog and wait: the prompt with ``--zoom`` (and ``--ar``) set, or None
    when the user closed it.

    On None the caller decides what happens to the waiting MODAL task: leave it alone (it expires on
    the server) or cancel it where the server allows (TA: ``/mj/task/{id}/cancel``, admin only).
    """
    dialog = CustomZoomDialog(prompt, parent)
    answer = await run_dialog(dialog, dialog.submitted)
    return answer[0] if answer is not None else None
