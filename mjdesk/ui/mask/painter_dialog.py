"""The Vary Region dialog: paint the area to regenerate over the image, optionally change the prompt.

Opened with ``open()`` (never ``exec()``); ``submitted(mask_data_url, prompt)`` fires when the user
sends a mask, ``rejected`` when they close it. ``ask_vary_region`` wraps both in one await.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QIcon,
    QImage,
    QImageReader,
    QKeySequence,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSlider,
    QSpinBox,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mjdesk.core.i18n import QT_TRANSLATE_NOOP
from mjdesk.core.imaging import MaskError

from ..dialogs.awaitable import run_dialog
from ..icons import glyph_icon
from ..texts import image_error_text
from ..theme import tone
from .document import MaskDocument
from .tools import MIN_BRUSH, Tool, default_brush, max_brush, step_brush
from .view import MaskView

# Overlay colours a designer can tell apart from most photos; the first is the default.
OVERLAY_COLORS = ("#ff2d55", "#34c759", "#0a84ff", "#ffd60a", "#bf5af2", "#ffffff")
# The menu names the colours: a hex code means nothing to a designer (and is no word in Chinese).
_COLOR_NAMES = dict(
    zip(
        OVERLAY_COLORS,
        (
            QT_TRANSLATE_NOOP("VaryRegionDialog", "Red"),
            QT_TRANSLATE_NOOP("VaryRegionDialog", "Green"),
            QT_TRANSLATE_NOOP("VaryRegionDialog", "Blue"),
            QT_TRANSLATE_NOOP("VaryRegionDialog", "Yellow"),
            QT_TRANSLATE_NOOP("VaryRegionDialog", "Purple"),
            QT_TRANSLATE_NOOP("VaryRegionDialog", "White"),
        ),
        strict=True,
    )
)


class VaryRegionDialog(QDialog):
    """``VaryRegionDialog(image, prompt="", parent=None)``; ``image`` is a QImage or a file path.

    The mask has exactly the image's pixel size. An empty (or full) mask is refused inline and the
    dialog stays open. Attributes for callers and tests: ``document`` (MaskDocument), ``view``
    (MaskView), ``prompt_edit``, ``submit_button``, ``error_label``.
    """

    submitted = Signal(str, str)  # PNG data URL of the mask, prompt

    def __init__(
        self, image: QImage | str | Path, prompt: str = "", parent: QWidget | None = None, *, for_edit: bool = False
    ) -> None:
        """``for_edit``: the area an Edit erases and repaints (its prompt is in the Edit tab)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Paint the area to repaint") if for_edit else self.tr("Vary Region"))
        self.image = load_image(image)
        w, h = self.image.width(), self.image.height()
        self.document = MaskDocument(w, h, self)
        self.view = MaskView(self.document, self.image, self)
        self.view.setAccessibleName(self.tr("Image to paint the region on"))
        self.view.setToolTip(self.tr("Paint the area to regenerate. Wheel: zoom; Space+drag or middle button: pan"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self._build_toolbar(w, h))
        layout.addWidget(self.view, 1)
        layout.addLayout(self._build_status_row())

        prompt_row = QHBoxLayout()
        prompt_label = QLabel(self.tr("&Prompt:"), self)
        self.prompt_edit = QLineEdit(prompt, self)
        self.prompt_edit.setPlaceholderText(
            self.tr("Optional: describe what goes into the painted area (used when Remix is on)")
        )
        self.prompt_edit.setAccessibleName(self.tr("Prompt for the painted region"))
        self.prompt_edit.setClearButtonEnabled(True)
        prompt_label.setBuddy(self.prompt_edit)
        prompt_row.addWidget(prompt_label)
        prompt_row.addWidget(self.prompt_edit, 1)
        layout.addLayout(prompt_row)
        if for_edit:
            prompt_label.hide()
            self.prompt_edit.hide()

        buttons = QHBoxLayout()
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(f"color: {tone('error')};")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(self.tr("Why the mask cannot be sent"))
        buttons.addWidget(self.error_label, 1)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.setToolTip(self.tr("{action} ({keys})").format(action=self.tr("Close without varying"), keys="Esc"))
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        submit_text = self.tr("Use this area") if for_edit else self.tr("Submit Vary Region")
        self.submit_button = QPushButton(submit_text, self)
        self.submit_button.setDefault(True)
        self.submit_button.setToolTip(
            self.tr("{action} ({keys})").format(
                action=self.tr("Send the mask and the prompt"), keys=_keys("Ctrl+Return")
            )
        )
        self.submit_button.setAccessibleName(submit_text)
        self.submit_button.clicked.connect(self.submit)
        buttons.addWidget(cancel)
        buttons.addWidget(self.submit_button)
        layout.addLayout(buttons)
        submit_action = QAction(self)
        submit_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        submit_action.triggered.connect(self.submit)
        self.addAction(submit_action)

        self.document.changed.connect(self._document_changed)
        self.view.cursor_moved.connect(self._cursor_moved)
        self.view.zoom_changed.connect(self._zoom_changed)
        self._document_changed(QRect())
        self._cursor_moved(None)
        self.resize(1100, 820)
        self.view.setFocus()

    # -- building ------------------------------------------------------------------------------

    def _action(self, text: str, keys: list[str], slot: Callable[[], object] | None, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        shown = ", ".join(_keys(k) for k in keys)
        action.setToolTip(self.tr("{action} ({keys})").format(action=text, keys=shown) if keys else text)
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work anywhere in the dialog, toolbar or not
        return action

    def _build_toolbar(self, w: int, h: int) -> QToolBar:
        bar = QToolBar(self)
        bar.setAccessibleName(self.tr("Mask tools"))
        # Icons, as in every paint program; the names are in the tooltips and for screen readers.
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        group = QActionGroup(self)
        self.tool_actions: dict[Tool, QAction] = {}
        for tool, text, key, icon in (
            (Tool.BRUSH, self.tr("Brush"), "B", "brush"),
            (Tool.ERASER, self.tr("Eraser"), "E", "eraser"),
            (Tool.RECTANGLE, self.tr("Rectangle"), "R", "rectangle"),
            (Tool.LASSO, self.tr("Lasso"), "L", "lasso"),
        ):
            action = self._action(text, [key], None, f"tool-{tool}")
            action.setIcon(glyph_icon(icon, self))
            action.setCheckable(True)
            action.setData(tool.value)
            group.addAction(action)
            bar.addAction(action)
            self.tool_actions[tool] = action
        self.tool_actions[Tool.BRUSH].setChecked(True)
        group.triggered.connect(lambda action: self.set_tool(Tool(action.data())))

        bar.addSeparator()
        bar.addWidget(QLabel(self.tr("Size:"), self))
        limit = max_brush(w, h)
        self.size_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.size_spin = QSpinBox(self)
        for box in (self.size_slider, self.size_spin):
            box.setRange(MIN_BRUSH, limit)
            box.setAccessibleName(self.tr("Brush size in image pixels"))
            box.setToolTip(
                self.tr("Brush size in image pixels; smaller {smaller}, bigger {bigger}").format(
                    smaller="[", bigger="]"
                )
            )
        self.size_slider.setFixedWidth(120)
        self.size_spin.setSuffix(self.tr(" px"))
        self.size_slider.valueChanged.connect(self.set_brush_size)
        self.size_spin.valueChanged.connect(self.set_brush_size)
        bar.addWidget(self.size_slider)
        bar.addWidget(self.size_spin)
        self._action(self.tr("Smaller brush"), ["["], lambda: self._step_size(False), "brush-smaller")
        self._action(self.tr("Bigger brush"), ["]"], lambda: self._step_size(True), "brush-bigger")
        self.set_brush_size(default_brush(w, h))

        bar.addSeparator()
        for text, keys, slot, name in (
            (self.tr("Fill"), ["Alt+Backspace"], self.document.fill, "fill"),
            (self.tr("Clear"), ["Delete"], self.document.clear, "clear"),
            (self.tr("Invert"), ["Ctrl+I"], self.document.invert, "invert"),
        ):
            action = self._action(text, keys, slot, name)
            action.setIcon(glyph_icon(name, self))
            bar.addAction(action)

        bar.addSeparator()
        stack = self.document.undo_stack
        self.undo_action = self._action(self.tr("Undo"), ["Ctrl+Z"], stack.undo, "undo")
        self.redo_action = self._action(self.tr("Redo"), ["Ctrl+Shift+Z", "Ctrl+Y"], stack.redo, "redo")
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_action.setIcon(glyph_icon("undo", self))
        self.redo_action.setIcon(glyph_icon("redo", self))
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)

        bar.addSeparator()
        self.color_button = QToolButton(self)
        self.color_button.setText(self.tr("Overlay"))
        self.color_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.color_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.color_button.setAccessibleName(self.tr("Overlay colour"))
        self.color_button.setToolTip(self.tr("Colour the painted area is shown in (not sent)"))
        menu = QMenu(self.color_button)
        for color in OVERLAY_COLORS:
            name = QCoreApplication.translate("VaryRegionDialog", _COLOR_NAMES[color])
            menu.addAction(_swatch(QColor(color)), name).setData(color)
        menu.triggered.connect(lambda action: self.set_overlay_color(QColor(action.data())))
        self.color_button.setMenu(menu)
        bar.addWidget(self.color_button)
        bar.addWidget(QLabel(self.tr("Opacity:"), self))
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity_slider.setRange(10, 90)
        self.opacity_slider.setValue(50)
        self.opacity_slider.setFixedWidth(90)
        self.opacity_slider.setAccessibleName(self.tr("Overlay opacity"))
        self.opacity_slider.setToolTip(self.tr("Overlay opacity"))
        self.opacity_slider.valueChanged.connect(lambda v: self.view.set_overlay_opacity(v / 100))
        bar.addWidget(self.opacity_slider)
        self.set_overlay_color(QColor(OVERLAY_COLORS[0]))
        return bar

    def _build_status_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.coverage_label = QLabel(self)
        self.coverage_label.setAccessibleName(self.tr("Painted share of the image"))
        self.position_label = QLabel(self)
        self.position_label.setAccessibleName(self.tr("Cursor position in image pixels"))
        self.position_label.setMinimumWidth(140)
        row.addWidget(self.coverage_label)
        row.addSpacing(16)
        row.addWidget(self.position_label)
        row.addStretch(1)
        hint = QLabel(self.tr("{w} × {h} px").format(w=self.image.width(), h=self.image.height()), self)
        hint.setStyleSheet("color: palette(placeholder-text);")
        row.addWidget(hint)
        row.addSpacing(12)
        self.zoom_label = QLabel(self)
        self.zoom_label.setAccessibleName(self.tr("Zoom"))
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        def zoom_button(text: str, short: str, keys: list[str], slot: Callable[[], object], name: str) -> None:
            action = self._action(text, keys, slot, name)
            action.setIconText(short)  # the row stays short; the tooltip and screen readers say it all
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setAccessibleName(text)
            row.addWidget(button)

        zoom_button(self.tr("Fit to window"), self.tr("Fit"), ["Ctrl+0"], self.view.zoom_fit, "zoom-fit")
        zoom_button(self.tr("Actual size (100 %)"), "1:1", ["Ctrl+1"], self.view.zoom_actual, "zoom-100")
        zoom_button(self.tr("Zoom out"), "−", ["Ctrl+-"], lambda: self.view.zoom_by(1 / 1.25), "zoom-out")
        row.addWidget(self.zoom_label)
        zoom_button(self.tr("Zoom in"), "+", ["Ctrl+=", "Ctrl++"], lambda: self.view.zoom_by(1.25), "zoom-in")
        return row

    # -- state ---------------------------------------------------------------------------------

    def prompt(self) -> str:
        return self.prompt_edit.text().strip()

    def set_tool(self, tool: Tool) -> None:
        self.tool_actions[tool].setChecked(True)
        self.view.set_tool(tool)

    def set_brush_size(self, size: int) -> None:
        for box in (self.size_slider, self.size_spin):
            if box.value() != size:
                box.blockSignals(True)
                box.setValue(size)
                box.blockSignals(False)
        self.view.set_brush_size(size)

    def _step_size(self, bigger: bool) -> None:
        self.set_brush_size(step_brush(self.size_spin.value(), bigger, self.size_spin.maximum()))

    def set_overlay_color(self, color: QColor) -> None:
        self.view.set_overlay_color(color)
        self.color_button.setIcon(_swatch(color))

    def submit(self) -> None:
        try:
            url = self.document.export_data_url()
        except MaskError as exc:
            # Inline, not a message box: the user only has to paint and press Submit again.
            self.error_label.setText(self.tr("The mask cannot be sent: {reason}.").format(reason=image_error_text(exc)))
            self.view.setFocus()
            return
        self.error_label.clear()
        self.submitted.emit(url, self.prompt())
        self.accept()

    # -- slots ---------------------------------------------------------------------------------

    def _document_changed(self, _rect: QRect) -> None:
        self.coverage_label.setText(
            self.tr("Painted: {percent} %").format(percent=f"{self.document.coverage() * 100:.1f}")
        )
        if self.document.painted_pixels:
            self.error_label.clear()

    def _cursor_moved(self, pos: QPoint | None) -> None:
        self.position_label.setText(self.tr("x {x}, y {y}").format(x=pos.x(), y=pos.y()) if pos is not None else "")

    def _zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f} %")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._zoom_changed(self.view.zoom())


def load_image(image: QImage | str | Path) -> QImage:
    """A QImage as given, or read from a path upright (EXIF orientation applied, like the pipeline)."""
    if isinstance(image, QImage):
        if image.isNull():
            raise ValueError("the image is empty")
        return image
    reader = QImageReader(str(image))
    reader.setAutoTransform(True)
    loaded = reader.read()
    if loaded.isNull():
        raise ValueError(f"{image}: {reader.errorString()}")
    return loaded


def _keys(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def _swatch(color: QColor) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(color)
    return QIcon(pixmap)


async def ask_vary_region(
    parent: QWidget | None, image: QImage | str | Path, prompt: str = ""
) -> tuple[str, str] | None:
    """Show the painter and wait: ``(mask_data_url, prompt)``, or None when the user closed it.

    On None the caller decides what happens to the waiting MODAL task: leave it alone (it expires on
    the server) or cancel it where the server allows (TA: ``/mj/task/{id}/cancel``, admin only).
    """
    dialog = VaryRegionDialog(image, prompt, parent)
    answer = await run_dialog(dialog, dialog.submitted)
    return (answer[0], answer[1]) if answer is not None else None
