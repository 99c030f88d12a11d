"""Imagine: the prompt editor and a parameter builder bound to it.

The prompt text is the single source of truth. A builder widget edits the text through
``mjdesk.core.prompt`` (only the span of its own parameter changes); every text change is parsed
and the widgets follow. Widgets never hold state the text does not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QToolButton,
    QWidget,
)

from mjdesk.core import prompt as P
from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.text import clip

from ..asyncutil import spawn
from ..history import PromptHistory
from ..icons import glyph_icon
from ..references import reference_ids
from ..services import Services
from ..texts import issue_text
from ..theme import tone
from ..widgets.flow_layout import FlowLayout
from ..widgets.image_input import ImageInput, ImagePastingTextEdit, sources_from_mime
from ..widgets.section import Section
from .base import ActionTab

if TYPE_CHECKING:  # imported when submitting: not needed for the first paint
    from mjdesk.core.api.requests import SubmitRequest
    from mjdesk.core.matrix import Matrix, MatrixError

    from ..job_model import Job

ASPECTS = ("1:1", "4:5", "2:3", "3:4", "9:16", "5:4", "3:2", "4:3", "16:9", "21:9")
MODELS: tuple[tuple[str, str], ...] = (
    ("v", "8.2"),
    ("v", "8.1"),
    ("v", "8"),
    ("v", "7"),
    ("v", "6.1"),
    ("v", "6"),
    ("v", "5.2"),
    ("niji", "7"),
    ("niji", "6"),
    ("niji", "5"),
)
QUALITIES = (".25", ".5", "1", "2", "4")
CUSTOM = "custom"
OTHER = "other"


class ImagineTab(ActionTab):
    endpoint = Endpoint.IMAGINE
    matrix_submitted = Signal(object, object)  # Matrix, its jobs in the same order
    library_requested = Signal()  # the reference library, to pick a saved reference
    references_dropped = Signal(object)  # ids of saved references dragged onto the composer

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.history = PromptHistory(services.paths.config / "prompt-history.json")
        self._syncing = False
        self._build_prompt()
        self._build_parameters()
        self._build_references()
        self.form.addStretch(1)
        self.setAcceptDrops(True)
        self._sync_from_text()

    # -- layout ------------------------------------------------------------------------------

    def _build_prompt(self) -> None:
        head = QHBoxLayout()
        label = QLabel(self.tr("&Prompt"), self)
        head.addWidget(label)
        head.addStretch(1)
        self.history_box = QComboBox(self)
        self.history_box.setAccessibleName(self.tr("Recent prompts"))
        self.history_box.setToolTip(self.tr("Pick a prompt you submitted before"))
        self.history_box.setMinimumContentsLength(12)
        self.history_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.history_box.activated.connect(self._history_picked)
        head.addWidget(self.history_box)
        self.form.addLayout(head)
        self._fill_history()

        self.editor = ImagePastingTextEdit(self)  # Ctrl+V of an image adds an image prompt
        self.editor.setPlaceholderText(
            self.tr(
                "Describe the image, then add parameters — e.g. “a lighthouse at dusk, watercolor --ar 3:2”. "
                "The controls below edit this text."
            )
        )
        self.editor.setAccessibleName(self.tr("Prompt"))
        self.editor.setTabChangesFocus(True)  # Tab moves on instead of typing a tab: keyboard users
        self.editor.setMinimumHeight(90)
        self.editor.setMaximumHeight(160)
        self.editor.textChanged.connect(self._text_edited)
        label.setBuddy(self.editor)
        self.form.addWidget(self.editor)

        self.issues = QLabel(self)
        self.issues.setWordWrap(True)
        self.issues.setAccessibleName(self.tr("Problems in the prompt"))
        self.form.addWidget(self.issues)

    def _build_parameters(self) -> None:
        # Folded until wanted: the prompt itself shows every parameter the controls would set.
        self.parameters_section = Section(self.tr("Parameters"), self, expanded=False)
        box = self.parameters_section.body
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(10)
        row = 0

        self.aspect = QComboBox(box)
        self.aspect.addItem(self.tr("Default"), None)
        for ar in ASPECTS:
            self.aspect.addItem(ar, ar)
        self.aspect.addItem(self.tr("Custom…"), CUSTOM)
        self.aspect.currentIndexChanged.connect(self._aspect_chosen)
        self.aspect_custom = QLineEdit(box)
        self.aspect_custom.setPlaceholderText(self.tr("width:height"))
        self.aspect_custom.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,5}:?\d{0,5}"), box))
        self.aspect_custom.textEdited.connect(lambda t: self._edit(lambda s: P.set_param(s, "ar", t.strip() or None)))
        aspect_row = QHBoxLayout()
        aspect_row.addWidget(self.aspect, 1)
        aspect_row.addWidget(self.aspect_custom, 1)
        self._add(
            grid,
            row,
            0,
            self.tr("&Aspect ratio"),
            self.aspect,
            self.tr("Aspect ratio (--ar)"),
            layout=aspect_row,
        )
        self._name(self.aspect_custom, self.tr("Custom aspect ratio, width:height"))

        self.model = QComboBox(box)
        self.model.addItem(self.tr("Default"), None)
        for family, version in MODELS:
            self.model.addItem(f"V{version}" if family == "v" else f"Niji {version}", f"{family}:{version}")
        self.model.addItem("", OTHER)
        self.model.currentIndexChanged.connect(self._model_chosen)
        self._add(grid, row, 2, self.tr("&Model"), self.model, self.tr("Model version (--v or --niji)"))
        row += 1

        self.stylize = self._spin(box, 1000, "stylize")
        self._add(grid, row, 0, self.tr("&Stylize"), self.stylize, self.tr("Stylize (--stylize), 0 to 1000"))
        self.chaos = self._spin(box, 100, "chaos")
        self._add(grid, row, 2, self.tr("C&haos"), self.chaos, self.tr("Chaos (--chaos), 0 to 100"))
        row += 1
        self.weird = self._spin(box, 3000, "weird")
        # Long names in the first column, short ones in the second: the grid keeps the composer's
        # narrowest width in both languages.
        self._add(grid, row, 2, self.tr("&Weird"), self.weird, self.tr("Weird (--weird), 0 to 3000"))
        self.exp = self._spin(box, 100, "exp")
        self._add(
            grid, row, 0, self.tr("Experime&ntal"), self.exp, self.tr("Experimental aesthetics (--exp), 0 to 100")
        )
        row += 1
        self.quality = QComboBox(box)
        self.quality.addItem(self.tr("Default"), None)
        for q in QUALITIES:
            self.quality.addItem(q, q)
        self.quality.currentIndexChanged.connect(
            lambda: self._edit(lambda s: P.set_param(s, "quality", self.quality.currentData()))
        )
        self._add(grid, row, 2, self.tr("&Quality"), self.quality, self.tr("Quality (--quality)"))
        self.personalize = QLineEdit(box)
        self.personalize.setPlaceholderText(self.tr("profile or moodboard codes"))
        self.personalize.textEdited.connect(
            lambda t: self._edit(lambda s: P.set_param(s, "personalize", t.strip() or None))
        )
        self.saved_codes = QToolButton(box)
        self.saved_codes.setText("▾")
        self._name(self.saved_codes, self.tr("Saved personalization codes"))
        self.saved_codes.clicked.connect(self._show_saved_codes)
        personalize_row = QHBoxLayout()
        personalize_row.setSpacing(2)
        personalize_row.addWidget(self.personalize, 1)
        personalize_row.addWidget(self.saved_codes)
        self._add(
            grid,
            row,
            0,
            self.tr("Personali&ze"),
            self.personalize,
            self.tr("Personalization profile or moodboard codes (--p), space-separated"),
            layout=personalize_row,
        )
        row += 1

        self.seed = QLineEdit(box)
        self.seed.setPlaceholderText(self.tr("random"))
        self.seed.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,10}"), box))
        self.seed.textEdited.connect(lambda t: self._edit(lambda s: P.set_param(s, "seed", t.strip() or None)))
        self._add(grid, row, 0, self.tr("Seed"), self.seed, self.tr("Seed (--seed), 0 to 4294967295"))
        self.speed = QComboBox(box)
        self.speed.addItem(self.tr("Server default"), None)
        self.speed.addItem(self.tr("Fast"), "fast")
        self.speed.addItem(self.tr("Relax"), "relax")
        self.speed.addItem(self.tr("Turbo"), "turbo")
        self.speed.currentIndexChanged.connect(lambda: self._edit(lambda s: P.set_speed(s, self.speed.currentData())))
        self._add(grid, row, 2, self.tr("S&peed"), self.speed, self.tr("Speed (--fast, --relax, --turbo)"))
        row += 1

        self.no = QLineEdit(box)
        self.no.setPlaceholderText(self.tr("things to leave out, e.g. text, watermark"))
        self.no.textEdited.connect(lambda t: self._edit(lambda s: P.set_param(s, "no", t.strip() or None)))
        self._add(grid, row, 0, self.tr("E&xclude"), self.no, self.tr("Exclude (--no)"), span=3)
        row += 1

        # The switches wrap onto more lines in a narrow composer rather than widen it.
        flags_box = QWidget(box)
        flags = FlowLayout(flags_box, spacing=12)
        self.tile = QCheckBox(self.tr("&Tile (seamless pattern)"), box)
        self.tile.toggled.connect(lambda on: self._edit(lambda s: P.set_flag(s, "tile", on)))
        self._name(self.tile, self.tr("Tile (--tile)"))
        self.raw = QCheckBox(self.tr("&Raw style (less auto-beautifying)"), box)
        self.raw.toggled.connect(lambda on: self._edit(lambda s: P.set_raw(s, on)))
        self._name(self.raw, self.tr("Raw style (--style raw)"))
        self.hd = QCheckBox(self.tr("HD (V&8)"), box)
        self.hd.toggled.connect(lambda on: self._edit(lambda s: P.set_flag(s, "hd", on)))
        self._name(self.hd, self.tr("High definition (--hd), V8 and later"))
        self.draft = QCheckBox(self.tr("Dra&ft"), box)
        self.draft.toggled.connect(lambda on: self._edit(lambda s: P.set_flag(s, "draft", on)))
        self._name(self.draft, self.tr("Draft mode (--draft): faster, half the cost; V7 and later"))
        for flag in (self.tile, self.raw, self.hd, self.draft):
            flag.setParent(flags_box)
            flags.addWidget(flag)
        grid.addWidget(flags_box, row, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.form.addWidget(self.parameters_section)

    def _build_references(self) -> None:
        # Folded like Parameters: the composer is a prompt first. It opens by itself when it gets
        # content (a dropped or pasted image, a reference in the prompt); images dropped anywhere on
        # the tab land in it.
        self.references_section = Section(self.tr("References"), self, expanded=False)
        box = self.references_section.body
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(10)
        self.refs: dict[str, tuple[QLineEdit, QSpinBox]] = {}
        rows = (
            (
                "sref",
                "sw",
                1000,
                self.tr("St&yle reference"),
                self.tr("image links or style codes, space-separated"),
                self.tr("Style reference (--sref)"),
                self.tr("Style weight (--sw), 0 to 1000"),
            ),
            (
                "cref",
                "cw",
                100,
                self.tr("Cha&racter reference"),
                self.tr("image links (V6 / Niji 6)"),
                self.tr("Character reference (--cref)"),
                self.tr("Character weight (--cw), 0 to 100"),
            ),
            (
                "oref",
                "ow",
                1000,
                self.tr("&Omni reference"),
                self.tr("one image link (V7)"),
                self.tr("Omni reference (--oref)"),
                self.tr("Omni weight (--ow), 1 to 1000"),
            ),
        )
        for row, (ref, weight, high, label, hint, ref_name, weight_name) in enumerate(rows):
            edit = QLineEdit(box)
            edit.setPlaceholderText(hint)
            edit.textEdited.connect(lambda t, ref=ref: self._edit(lambda s: P.set_param(s, ref, t.strip() or None)))
            self._add(grid, row, 0, label, edit, ref_name)
            spin = self._spin(box, high, weight)
            self._add(grid, row, 2, self.tr("Weight"), spin, weight_name)
            self.refs[ref] = (edit, spin)

        row = len(rows)
        self.library_button = QPushButton(glyph_icon("reference", box), self.tr("Reference &library…"), box)
        self.library_button.setAccessibleName(self.tr("Pick a saved reference from the reference library"))
        self.library_button.setToolTip(
            self.tr("Saved style, character and omni references and personalization codes (drag them here too)")
        )
        self.library_button.clicked.connect(self.library_requested)
        grid.addWidget(self.library_button, row, 0, 1, 4, Qt.AlignmentFlag.AlignLeft)
        row += 1
        self.images = ImageInput(self.services.pool, title=self.tr("Image prompts"), max_count=5, parent=box)
        self.images.setToolTip(self.tr("Images sent with the prompt; Midjourney blends their look into the result."))
        self.images.changed.connect(self._images_changed)
        self.editor.images_pasted.connect(self.images.add_sources)
        grid.addWidget(self.images, row, 0, 1, 4)
        row += 1
        self.iw = QDoubleSpinBox(box)
        self.iw.setRange(-0.1, 3.0)
        self.iw.setSingleStep(0.25)
        self.iw.setDecimals(2)
        self.iw.setSpecialValueText(self.tr("Default"))
        self.iw.setValue(-0.1)
        self.iw.valueChanged.connect(lambda v: self._edit(lambda s: P.set_param(s, "iw", None if v < 0 else _num(v))))
        self._add(grid, row, 0, self.tr("&Image weight"), self.iw, self.tr("Image weight (--iw), 0 to 3"))
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 1)
        self.form.addWidget(self.references_section)

    def _spin(self, parent: QWidget, high: int, name: str) -> QSpinBox:
        spin = QSpinBox(parent)
        spin.setRange(-1, high)
        spin.setSpecialValueText(self.tr("Default"))
        spin.setValue(-1)
        spin.valueChanged.connect(lambda v: self._edit(lambda s: P.set_param(s, name, None if v < 0 else str(v))))
        return spin

    def _add(
        self,
        grid: QGridLayout,
        row: int,
        col: int,
        label: str,
        widget: QWidget,
        accessible: str,
        *,
        span: int = 1,
        layout: QHBoxLayout | None = None,
    ) -> None:
        caption = QLabel(label, grid.parentWidget())
        caption.setBuddy(widget)
        grid.addWidget(caption, row, col)
        if layout is not None:
            grid.addLayout(layout, row, col + 1, 1, span)
        else:
            grid.addWidget(widget, row, col + 1, 1, span)
        self._name(widget, accessible)

    @staticmethod
    def _name(widget: QWidget, accessible: str) -> None:
        widget.setAccessibleName(accessible)
        widget.setToolTip(accessible)

    # -- text → widgets ----------------------------------------------------------------------

    def _text_edited(self) -> None:
        self._touched = True
        if not self._syncing:
            self._sync_from_text()

    def _sync_from_text(self) -> None:
        parsed = P.parse(self.editor.toPlainText())
        self._syncing = True
        try:
            ar = parsed.value("ar")
            idx = self.aspect.findData(ar) if ar in ASPECTS else (0 if ar is None else self.aspect.findData(CUSTOM))
            if not (ar is None and self.aspect.currentData() == CUSTOM):
                _set_combo(self.aspect, idx)
            self.aspect_custom.setEnabled(self.aspect.currentData() == CUSTOM)
            _set_line(self.aspect_custom, "" if ar is None or ar in ASPECTS else ar)

            model = parsed.model
            other = self.model.findData(OTHER)
            if model is None:
                _set_combo(self.model, 0)
            elif (i := self.model.findData(":".join(model))) >= 0:
                _set_combo(self.model, i)
            else:
                family, version = model
                self.model.setItemText(other, f"--{family} {version}".strip())
                _set_combo(self.model, other)

            for spin, name in (
                (self.stylize, "stylize"),
                (self.chaos, "chaos"),
                (self.weird, "weird"),
                (self.exp, "exp"),
            ):
                _set_spin(spin, parsed.value(name))
            for ref, (edit, spin) in self.refs.items():
                _set_line(edit, parsed.value(ref) or "")
                _set_spin(spin, parsed.value({"sref": "sw", "cref": "cw", "oref": "ow"}[ref]))
            if any(parsed.value(ref) for ref in self.refs):
                self.references_section.set_expanded(True)
            q = parsed.value("quality")
            _set_combo(self.quality, self.quality.findData(_quality_key(q)) if q else 0)
            _set_combo(self.speed, self.speed.findData(parsed.speed) if parsed.speed else 0)
            _set_line(self.seed, parsed.value("seed") or "")
            _set_line(self.no, parsed.value("no") or "")
            _set_check(self.tile, parsed.has("tile"))
            _set_check(self.raw, parsed.raw)
            _set_check(self.hd, parsed.has("hd"))
            _set_check(self.draft, parsed.has("draft"))
            if not self.personalize.hasFocus():
                _set_line(self.personalize, parsed.value("personalize") or "")
            iw = parsed.value("iw")
            self.iw.blockSignals(True)
            try:
                self.iw.setValue(float(iw) if iw and _is_number(iw) else -0.1)
            finally:
                self.iw.blockSignals(False)
        finally:
            self._syncing = False
        self.refresh()

    # -- widgets → text ----------------------------------------------------------------------

    def _edit(self, change: Callable[[str], str]) -> None:
        if self._syncing:
            return
        text = self.editor.toPlainText()
        new = change(text)
        if new == text:
            return
        self._syncing = True
        try:
            cursor = self.editor.textCursor()
            cursor.select(cursor.SelectionType.Document)
            cursor.insertText(new)  # one undo step, so Ctrl+Z in the editor reverts a builder edit
        finally:
            self._syncing = False
        self._sync_from_text()

    def _aspect_chosen(self) -> None:
        data = self.aspect.currentData()
        self.aspect_custom.setEnabled(data == CUSTOM)
        if self._syncing:
            return
        if data == CUSTOM:
            self.aspect_custom.setFocus()
            value = self.aspect_custom.text().strip()
            self._edit(lambda s: P.set_param(s, "ar", value or None))
        else:
            self._edit(lambda s: P.set_param(s, "ar", data))

    def _model_chosen(self) -> None:
        data = self.model.currentData()
        if data == OTHER:
            return
        family, _, version = (data or "").partition(":")
        self._edit(lambda s: P.set_model(s, family or None, version))

    def _images_changed(self) -> None:
        self._touched = self._touched or bool(self.images.tiles)
        if self.images.tiles:
            self.references_section.set_expanded(True)
        if not self._syncing:
            self.refresh()

    def _fill_history(self) -> None:
        self.history_box.clear()
        self.history_box.addItem(self.tr("Recent prompts…") if self.history.items else self.tr("No recent prompts"))
        for item in self.history.items[:50]:
            self.history_box.addItem(clip(item, 80), item)
        self.history_box.setEnabled(bool(self.history.items))

    def _history_picked(self, index: int) -> None:
        text = self.history_box.itemData(index)
        if text:
            self.set_prompt(text)
        self.history_box.setCurrentIndex(0)

    # -- public ------------------------------------------------------------------------------

    def set_prompt(self, text: str) -> None:
        self.editor.setPlainText(text)
        self.editor.setFocus()

    # -- images dropped anywhere on the tab: image prompts (the References section opens) ----------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime is not None and (reference_ids(mime) or sources_from_mime(mime)):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        ids = reference_ids(mime) if mime is not None else []
        if ids:  # saved references from the reference library
            self.references_section.set_expanded(True)
            self.references_dropped.emit(ids)
            event.acceptProposedAction()
            return
        sources = sources_from_mime(mime) if mime is not None else []
        if sources:
            self.references_section.set_expanded(True)
            self.images.add_sources(sources)
            event.acceptProposedAction()

    # -- saved personalization codes --------------------------------------------------------------

    def _show_saved_codes(self) -> None:
        menu = QMenu(self)
        menu.setAccessibleName(self.tr("Saved personalization codes"))
        saved = self.services.settings.personalize_codes
        for entry in saved:
            action = menu.addAction(f"{entry['name']} — {entry['code']}")
            action.triggered.connect(lambda _=False, code=entry["code"]: self.use_personalize_code(code))
        if not saved:
            menu.addAction(self.tr("No saved codes yet")).setEnabled(False)
        menu.addSeparator()
        save = menu.addAction(self.tr("Save these codes as…"))
        save.setEnabled(bool(self.personalize.text().strip()))
        save.triggered.connect(self._ask_code_name)
        if saved:
            forget = menu.addMenu(self.tr("Forget"))
            for entry in saved:
                action = forget.addAction(entry["name"])
                action.triggered.connect(
                    lambda _=False, name=entry["name"]: spawn(self.save_personalize_code(name, None), name="codes")
                )
        self.code_menu = menu
        # popup, never exec(): a nested loop would stall the coroutines
        menu.popup(self.saved_codes.mapToGlobal(self.saved_codes.rect().bottomLeft()))

    def use_personalize_code(self, code: str) -> None:
        self.personalize.setText(code)
        self._edit(lambda s: P.set_param(s, "personalize", code))

    def _ask_code_name(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Save personalization codes"))
        dialog.setLabelText(self.tr("Name for “{codes}”:").format(codes=self.personalize.text().strip()))
        code = self.personalize.text().strip()
        dialog.textValueSelected.connect(
            lambda name: spawn(self.save_personalize_code(name.strip(), code), name="codes") if name.strip() else None
        )
        dialog.finished.connect(dialog.deleteLater)
        self.code_dialog = dialog
        dialog.open()

    async def save_personalize_code(self, name: str, code: str | None) -> None:
        """Save ``code`` under ``name`` (replacing one of that name), or forget ``name`` (None)."""
        import asyncio
        from dataclasses import replace

        from mjdesk.core import settings as store

        settings = self.services.settings
        codes = [c for c in settings.personalize_codes if c["name"] != name]
        if code is not None:
            codes.append({"name": name[:40], "code": " ".join(code.split())})
        try:
            new = replace(settings, personalize_codes=codes[-store.MAX_SAVED_CODES :])
        except store.SettingsError:
            self.issues.setText(self.tr("Personalization codes are letters and digits, separated by spaces."))
            return
        await asyncio.to_thread(store.save, self.services.paths, new)
        self.services.settings = new

    def use_weight(self, kind: str, weight: int) -> None:
        """Set the weight of a reference kind (--sw / --cw / --ow) as its field would."""
        if kind in self.refs:
            self.refs[kind][1].setValue(weight)

    def add_reference(self, kind: str, url: str) -> None:
        """Append a link or code to --sref / --cref / --oref / --p (--oref holds one, so it is
        replaced)."""

        def change(text: str) -> str:
            existing = P.parse(text).value(kind)
            value = url if kind == "oref" or not existing else f"{existing} {url}"
            return P.set_param(text, kind, value)

        self._edit(change)

    def matrix(self) -> Matrix | MatrixError:
        """The jobs the prompt stands for ({a, b} choices, --repeat), or why it cannot expand."""
        from mjdesk.core.matrix import MatrixError, expand

        try:
            return expand(self.editor.toPlainText().strip())
        except MatrixError as exc:
            return exc

    def issues_now(self) -> list[P.PromptIssue]:
        matrix = self.matrix()
        reference_images = len(self.images.tiles)
        if isinstance(matrix, Exception) or not matrix.is_matrix:
            return P.validate(self.editor.toPlainText(), reference_images=reference_images)
        # Each expansion is checked as the prompt it becomes; a problem is told once.
        seen: dict[str, P.PromptIssue] = {}
        for prompt in dict.fromkeys(job.prompt for job in matrix.jobs):
            for issue in P.validate(prompt, reference_images=reference_images):
                seen.setdefault(issue.message, issue)
        return sorted(seen.values(), key=lambda i: i.severity is not P.Severity.ERROR)

    def validation_reason(self) -> str | None:
        matrix = self.matrix()
        if isinstance(matrix, Exception):
            self._show_issues([])
            return QCoreApplication.translate("Matrix", matrix.template).format(**matrix.params)
        issues = self.issues_now()
        self._show_issues(issues)
        if self.images.busy:
            return self.tr("Wait until the image prompts are ready.")
        if self.images.errors:
            return self.tr("Remove the image prompts that could not be used.")
        first = next((i for i in issues if i.severity is P.Severity.ERROR), None)
        return issue_text(first) if first is not None else None

    def _show_issues(self, issues: list[P.PromptIssue]) -> None:
        import html  # here: html.entities is a big table, and the empty form has no issue to show

        rows = []
        for issue in issues:
            error = issue.severity is P.Severity.ERROR
            icon, color = ("✖", tone("error")) if error else ("⚠", tone("warning"))
            rows.append(f'<span style="color:{color}">{icon} {html.escape(issue_text(issue))}</span>')
        # Until something is typed, the empty prompt is not a "problem" to shout about.
        show = bool(rows) and bool(self.editor.toPlainText().strip())
        self.issues.setText("<br>".join(rows) if show else "")
        self.issues.setVisible(show)

    def build_request(self) -> SubmitRequest:
        return self._request(self.editor.toPlainText().strip())

    def _request(self, text: str) -> SubmitRequest:
        from mjdesk.core.api.requests import Bot, ImagineRequest

        model = P.parse(text).model
        bot: Bot | None = "niji" if model and model[0] == "niji" else None
        return ImagineRequest(prompt=text, images=[i.data_url for i in self.images.images()], bot=bot)

    def job_title(self) -> str:
        return self.editor.toPlainText().strip()

    def submit_label(self) -> str:
        matrix = self.matrix()
        if isinstance(matrix, Exception) or not matrix.is_matrix:
            return self.tr("Submit")
        return self.tr("Submit {count} jobs").format(count=len(matrix.jobs))

    def estimated_actions(self) -> list[str]:
        matrix = self.matrix()
        return ["IMAGINE"] * (1 if isinstance(matrix, Exception) or not matrix.is_matrix else len(matrix.jobs))

    def build_requests(self) -> list[tuple[SubmitRequest, str]]:
        matrix = self.matrix()
        if isinstance(matrix, Exception) or not matrix.is_matrix:
            return [(self.build_request(), self.job_title())]
        return [(self._request(job.prompt), job.prompt) for job in matrix.jobs]

    def may_need_refreshing(self) -> bool:
        return "http" in self.editor.toPlainText()

    async def refreshed(self, requests: list[tuple[SubmitRequest, str]]) -> list[tuple[SubmitRequest, str]] | None:
        """Links this library uploaded that have expired (a saved reference used last week) are
        uploaded again before the job goes: the prompt shows the fresh ones."""
        from mjdesk.core.api import MjError
        from mjdesk.core.imaging import ImageInputError
        from mjdesk.core.jobs.uploads import renew_links

        profile = self.backend.profile
        text = self.editor.toPlainText()
        if profile is None:
            return requests
        try:
            fresh = await renew_links(self.backend.service, profile.name, text)
        except (MjError, ImageInputError, OSError) as exc:
            self.issues.setText(self.tr("An expired reference link could not be renewed: {error}").format(error=exc))
            return None
        if fresh == text:
            return requests
        self.editor.setPlainText(fresh)
        return self.build_requests()

    def submitted(self, job: object) -> None:
        self.history.add(self.editor.toPlainText())
        self._fill_history()

    def submitted_all(self, jobs: list[Job]) -> None:
        matrix = self.matrix()
        self.submitted(jobs[0])
        if not isinstance(matrix, Exception) and matrix.is_matrix and len(jobs) == len(matrix.jobs):
            self.matrix_submitted.emit(matrix, jobs)


def _num(v: float) -> str:
    return f"{v:g}"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _quality_key(q: str) -> str | None:
    if not _is_number(q):
        return None
    value = float(q)
    return next((k for k in QUALITIES if float(k) == value), None)


def _set_combo(combo: QComboBox, index: int) -> None:
    combo.blockSignals(True)
    try:
        combo.setCurrentIndex(max(index, 0) if index >= 0 else 0)
    finally:
        combo.blockSignals(False)


def _set_spin(spin: QSpinBox, value: str | None) -> None:
    spin.blockSignals(True)
    try:
        if value is not None and value.isdigit() and int(value) <= spin.maximum():
            spin.setValue(int(value))
        else:
            spin.setValue(spin.minimum())
    finally:
        spin.blockSignals(False)


def _set_line(edit: QLineEdit, value: str) -> None:
    # Leave the edit alone when it already says the same (modulo spaces): rewriting it while the
    # user types would eat the space they just typed and move the cursor.
    if " ".join(edit.text().split()) != value:
        edit.setText(value)


def _set_check(box: QCheckBox, on: bool) -> None:
    box.blockSignals(True)
    try:
        box.setChecked(on)
    finally:
        box.blockSignals(False)
