"""The job detail panel: what the designer looks at after clicking a tile.

The image (zoomable), the four candidates of a grid (keys 1–4, 0 or Esc for the whole grid), the
facts (prompt, final prompt, parameters, server, times, seed on demand), the lineage (parent and
children, click to go there) and the task's own follow-up buttons. Images are decoded in a worker.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPalette, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mjdesk.core.api.buttons import Button
from mjdesk.core.api.errors import MjError
from mjdesk.core.api.models import instance_of
from mjdesk.core.text import clip, shorten_words

from ..asyncutil import loop_running, spawn
from ..gallery.actions import fetch_seed
from ..gallery.files import original_path
from ..gallery.states import as_job, caption
from ..icons import button_icon
from ..job_model import JobState, state_of
from ..job_texts import problem_text
from ..texts import error_text
from ..theme import tone
from ..widgets.flow_layout import FlowLayout, clear_layout, flow_container
from .buttons import LARGE_BUTTONS_JSON, REMIXABLE, ButtonPlan, button_text, group_title, plan_buttons
from .flows import answer_modal, press
from .image_view import ImageView
from .video_player import VideoBar

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord
    from mjdesk.core.provenance import Provenance

    from ..backend import Backend
    from ..job_model import Job


SHORT_LABEL = 6
MAX_LABEL = 60  # a server's label is cut here: a megabyte of it would stall every layout pass
# What an action job's params hold only to find its parent again: not worth a designer's look.
_PLUMBING_PARAMS = ("task_id", "custom_id")


def _read(path: Path) -> QImage:
    return QImage(str(path))


def _embedded(path: Path) -> Provenance | None:
    """What the file itself says (a Midjourney download names its prompt); never raises."""
    from mjdesk.core.provenance import read_file
    from mjdesk.core.safefiles import UserFileError

    try:
        return read_file(path)
    except (UserFileError, OSError):
        return None


def _when(epoch_ms: int | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(epoch_ms / 1000)) if epoch_ms else "—"


class DetailPanel(QWidget):
    navigate = Signal(int)  # a lineage link was clicked: the job id to go to
    show_lineage = Signal(int)  # "Lineage tree…": the job whose family to draw
    message = Signal(str)
    use_prompt = Signal(str)  # "Use its prompt" of a file that says something else than its job

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.job: JobRecord | None = None
        self.candidate = 0  # 0: the whole image; 1-4: one candidate of a grid
        self._image_task: asyncio.Task[None] | None = None

        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.title.setWordWrap(True)
        self.view = ImageView(self)
        self.view.setAccessibleName(self.tr("Image (wheel to zoom, drag to pan)"))
        self.view.setMinimumHeight(240)

        tools = QHBoxLayout()
        self.candidate_buttons: list[QToolButton] = []
        whole = self._tool(self.tr("Grid"), self.tr("The whole grid (0)"), lambda: self.show_candidate(0))
        tools.addWidget(whole)
        self.candidate_buttons.append(whole)
        for i in range(1, 5):
            button = self._tool(str(i), self.tr("Candidate {n} (key {n})").format(n=i), partial(self.show_candidate, i))
            tools.addWidget(button)
            self.candidate_buttons.append(button)
        tools.addStretch(1)
        tools.addWidget(self._tool(self.tr("Fit"), self.tr("Fit the image to the panel"), self.view.fit))
        tools.addWidget(self._tool(self.tr("100 %"), self.tr("Show at actual size"), self.view.actual_size))
        # A video's controls, under the picture its frames are drawn into.
        self.video = VideoBar(self.view, self)
        self.autoplay = False  # the viewer plays a video at once; the side panel waits for Play
        self.groups_across = False  # the viewer lays the follow-up groups side by side
        for key, n in (("1", 1), ("2", 2), ("3", 3), ("4", 4), ("0", 0), ("Esc", 0)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=n: self.show_candidate(n))

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.answer_button = QPushButton(self.tr("Answer the server…"), self)
        self.answer_button.setAccessibleName(self.tr("Answer the server's question for this job"))
        self.answer_button.clicked.connect(self._answer)
        # A running job: cancelled on the server where it can (trueai), else no longer followed.
        self.stop_button = QPushButton(self)
        self.stop_button.setAccessibleName(self.tr("Cancel or stop tracking this job"))
        self.stop_button.clicked.connect(self._stop)
        self.stop_button.hide()

        self.actions_box = QGroupBox(self.tr("Next steps"), self)
        self.actions_layout = QVBoxLayout(self.actions_box)
        # A check box does not wrap its text: the short name keeps the narrow panel from growing
        # sideways (which clipped the follow-up buttons); the explanation is its tool tip.
        self.remix = QCheckBox(self.tr("Remix"), self)
        self.remix.setToolTip(self.tr("Remix: edit the prompt before varying or panning"))
        self.remix.setAccessibleName(self.tr("Remix"))
        self.remix.hide()  # shown among the follow-ups of a job that can be remixed
        # The follow-ups beyond what the panel shows; its menu is filled when first opened.
        self.more_button = QPushButton(self.tr("More…"), self)
        self.more_button.setAccessibleName(self.tr("More follow-ups"))
        self.more_button.setMenu(QMenu(self.more_button))
        self.more_button.menu().aboutToShow.connect(self._fill_more)
        self.more_button.hide()  # placed among the follow-ups when a job has more than fit
        self._plan = ButtonPlan()
        self._more_filled = False
        self._buttons_key: tuple[object, ...] | None = None  # what the buttons show now
        self._plan_task: asyncio.Task[None] | None = None
        self._labels: dict[str, str] = {}  # customId -> the text its button showed
        # Why a follow-up pressed here failed, by customId: shown under the buttons, where the
        # user clicked, not only in the Jobs tab.
        self._errors: dict[str, str] = {}
        self.followup_error = QLabel(self)
        self.followup_error.setWordWrap(True)
        self.followup_error.setTextFormat(Qt.TextFormat.PlainText)
        self.followup_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.followup_error.setStyleSheet(f"color: {tone('error', self.palette())};")
        self.followup_error.setAccessibleName(self.tr("Follow-up errors"))
        self.followup_error.hide()

        facts = QWidget(self)
        self.form = QFormLayout(facts)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.prompt = self._fact(self.tr("Prompt"))
        self.final_prompt = self._fact(self.tr("Final prompt"))
        self.parameters = self._fact(self.tr("Parameters"))
        self.server = self._fact(self.tr("Server"))
        self.times = self._fact(self.tr("Times"))
        self.in_collections = self._fact(self.tr("Collections"))
        self.tags = self._fact(self.tr("Tags"))
        seed_row = QHBoxLayout()
        self.seed = QLabel("—", facts)
        self.seed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.seed_button = QPushButton(self.tr("Get seed"), facts)
        self.seed_button.setAccessibleName(self.tr("Get the seed from the server"))
        self.seed_button.clicked.connect(self._get_seed)
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(self.seed_button)
        self.form.addRow(self.tr("Seed"), seed_row)
        # "In the file": shown only when the image file itself carries a prompt or ids other than
        # its job's (a server passing on Midjourney's own download, an image made elsewhere).
        # Two rows of the form like the other facts: a wrapped label in a nested layout clips.
        self.embedded = self._fact(self.tr("In the file"))
        self.embedded_button = QPushButton(self.tr("Use its prompt"), facts)
        self.embedded_button.setAccessibleName(self.tr("Use the prompt written in the file"))
        self.embedded_button.clicked.connect(self._use_embedded)
        self.embedded_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.form.addRow("", self.embedded_button)
        for widget in (self.embedded, self.embedded_button):
            self.form.setRowVisible(widget, False)
        self._embedded: Provenance | None = None
        self.lineage = QWidget(facts)
        # The links wrap: a grid with a dozen follow-ups must not widen the panel past its edge.
        self.lineage_layout = FlowLayout(self.lineage)
        self.lineage_layout.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.tr("Lineage"), self.lineage)
        # A row of its own: beside the links it widened the facts past the panel (a flow line).
        self.tree_button = QPushButton(self.tr("Tree…"), facts)
        self.tree_button.setToolTip(self.tr("Show this job's whole family as a tree (L)"))
        self.tree_button.setAccessibleName(self.tr("Show the lineage tree"))
        self.tree_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.tree_button.clicked.connect(self._show_tree)
        self.form.addRow("", self.tree_button)

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.status)
        lower_layout.addWidget(self.answer_button)
        lower_layout.addWidget(self.stop_button, 0, Qt.AlignmentFlag.AlignLeft)
        lower_layout.addWidget(self.actions_box)
        lower_layout.addWidget(self.followup_error)
        lower_layout.addWidget(facts)
        lower_layout.addStretch(1)
        scroll = self.info_area = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(lower)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wrap, never scroll sideways

        # The two halves are public: the viewer (ui/viewer.py) lays the same panel out large,
        # the image beside its facts and follow-ups, instead of one above the other.
        top = self.image_area = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.view, 1)
        top_layout.addWidget(self.video)
        top_layout.addLayout(tools)
        split = self._split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(split, 1)
        backend.job_added.connect(self._other_job)
        backend.job_changed.connect(self._other_job)
        self.show_job(None)

    def _tool(self, text: str, accessible: str, handler: Callable[[], object]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(accessible)
        button.setAccessibleName(accessible)
        button.clicked.connect(handler)
        return button

    def _fact(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.form.addRow(name, label)
        return label

    # -- showing a job --------------------------------------------------------------------------

    def show_job(self, job: JobRecord | None) -> None:
        """Show a job; the same job again (a progress or download update) keeps zoom and candidate."""
        same = job is not None and self.job is not None and job.id == self.job.id
        images_changed = not same or self.job is None or job is None or job.images != self.job.images
        self.job = job
        self.setEnabled(job is not None)
        # Nothing selected: a short hint in the middle, not an empty, greyed-out form.
        self._split.setVisible(job is not None)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter if job is None else Qt.AlignmentFlag.AlignLeft)
        if (own := self.layout()) is not None:  # the viewer moved the title into its own bar
            own.setAlignment(self.title, Qt.AlignmentFlag.AlignVCenter if job is None else Qt.AlignmentFlag.AlignTop)
        if job is None:
            self.title.setText(
                self.tr("Select an image in the gallery to see it here, with its prompt and next steps.")
            )
            self.view.set_pixmap(None)
            self.view.set_placeholder("")
            for w in (
                self.prompt,
                self.final_prompt,
                self.parameters,
                self.server,
                self.times,
                self.tags,
                self.in_collections,
            ):
                w.setText("")
            self._show_embedded(None)
            self._fill_buttons()
            for button in self.candidate_buttons:
                button.hide()
            self.answer_button.hide()
            self.stop_button.hide()
            self.status.hide()
            self._errors.clear()
            self._show_errors()
            return
        if not same:
            self.candidate = 0
            self.seed.setText("—")
            self._errors.clear()
            self._show_errors()
            self.view.fitting = True
        self.title.setText(self.tr("Job {id} · {action}").format(id=job.id, action=caption(job)))
        # Long links shortened so the text wraps inside the panel; the whole text in the tooltip.
        for label, text in ((self.prompt, job.prompt), (self.final_prompt, job.final_prompt)):
            label.setText(shorten_words(text) if text else "—")
            label.setToolTip(text if text and text != label.text() else "")
        params = {k: v for k, v in job.params.items() if k not in _PLUMBING_PARAMS}
        self.parameters.setText(json.dumps(params, ensure_ascii=False) if params else "—")
        server = f"{job.profile}" + (f" · {job.remote_id}" if job.remote_id else "")
        instance = instance_of(job.raw)
        if instance:  # which of the server's accounts ran it (trueai's instanceId / displays)
            server += "\n" + self.tr("account instance {id}").format(id=instance)
        self.server.setText(server)
        self.times.setText(
            self.tr("created {created}\nfinished {finished}").format(
                created=_when(job.created_at), finished=_when(job.finished_at)
            )
        )
        self.seed_button.setEnabled(job.remote_id is not None and job.status == "SUCCESS")
        self.tags.setText(", ".join(job.tags) or "—")
        from ..job_texts import state_label

        view = as_job(job)
        problem = problem_text(view)
        self.status.setText(state_label(view) + (f"\n{problem}" if problem else ""))
        self.status.setStyleSheet(f"color: {tone('error', self.palette())};" if problem else "")
        self.status.show()
        self.answer_button.setVisible(job.modal_pending)
        self._show_stop(job)
        has_grid = any(im.kind.value == "candidate" for im in job.images)
        for button in self.candidate_buttons:
            button.setVisible(has_grid)
        self._fill_buttons()
        if not same:
            spawn(self._load_lineage(job), name="lineage")
            self.refresh_collections()
        if images_changed:
            self._load_image()

    def show_candidate(self, n: int) -> None:
        if self.job is None or not self.candidate_buttons[0].isVisible():
            return
        self.candidate = n
        self.view.fitting = True
        self._load_image()

    def videos(self) -> list[Path]:
        """The job's video files, in their order (none for an image job)."""
        job = self.job
        if job is None:
            return []
        found = sorted((im for im in job.images if im.kind.value == "video"), key=lambda im: im.index or 0)
        return [im.path for im in found]

    def image_path(self) -> Path | None:
        """The file shown now: the candidate picked, else the job's best full-size image (a
        video's poster frame: the video itself plays through the video bar)."""
        job = self.job
        if job is None:
            return None
        if self.videos():
            poster = next((im for im in job.images if im.kind.value == "preview"), None)
            return poster.path if poster is not None else None
        if self.candidate:
            from mjdesk.core.library import ImageKind

            image = job.image(ImageKind.CANDIDATE, self.candidate)
            if image is not None:
                return image.path
        return original_path(job)

    def _load_image(self) -> None:
        for i, button in enumerate(self.candidate_buttons):
            button.setCheckable(True)
            button.setChecked(i == self.candidate)
        if self._image_task is not None:
            self._image_task.cancel()
        videos = self.videos()
        self.video.set_videos(videos, autoplay=self.autoplay and self.image_area.isVisible())
        path = self.image_path()
        if path is None:
            self._show_embedded(None)
            if self.video.frames:
                return  # the video's own frames are on show
            self.view.set_pixmap(None)
            job = self.job
            waiting = job is not None and not job.is_finished
            if videos:
                text = self.tr("Press Play to watch the video.")
            elif waiting:
                text = self.tr("The image appears here when the job is done.")
            else:
                text = self.tr("This job has no image.")
            self.view.set_placeholder(text)
            return
        self._image_task = spawn(self._load(path), name="detail-image")

    async def _load(self, path: Path) -> None:
        image = await asyncio.to_thread(_read, path)
        if not isValid(self) or self.video.frames:
            return  # a video started meanwhile: its frames, not the poster
        self.view.set_pixmap(QPixmap.fromImage(image) if not image.isNull() else None)
        found = await asyncio.to_thread(_embedded, path)
        if isValid(self):
            self._show_embedded(found)

    def _show_embedded(self, found: Provenance | None) -> None:
        from mjdesk.core.provenance import of_job

        job = self.job
        differs = found is not None and job is not None and not of_job(job).same_origin(found)
        self._embedded = found if differs else None
        if found is not None and differs:
            # The text before the row shows: the form sizes a wrapped label for the text it has.
            lines = [shorten_words(found.prompt) if found.prompt else "—"]
            # A Midjourney job id is a 36-character word a narrow panel cannot wrap: its head is
            # enough to recognise it (the tooltip has everything).
            task = found.task_id if not found.task_id or len(found.task_id) <= 18 else found.task_id[:13] + "…"
            ids = " · ".join(x for x in (task, found.author, found.software) if x)
            if ids:
                lines.append(ids)
            self.embedded.setText("\n".join(lines))
            self.embedded.setToolTip("\n".join(x for x in (found.prompt, found.task_id) if x))
        self.form.setRowVisible(self.embedded, differs)
        self.form.setRowVisible(self.embedded_button, differs and found is not None and found.has_prompt)

    def _use_embedded(self) -> None:
        if self._embedded is not None and self._embedded.has_prompt:
            self.use_prompt.emit(self._embedded.prompt)

    # -- collections ----------------------------------------------------------------------------

    def refresh_collections(self) -> None:
        """Read again which collections the shown job is in (they changed, or another job is shown)."""
        if self.job is not None and self.backend.started and loop_running():
            spawn(self._load_collections(self.job.id), name="detail-collections")

    async def _load_collections(self, job_id: int) -> None:
        names = (await asyncio.to_thread(self.backend.library.collections_of, [job_id])).get(job_id, [])
        if isValid(self) and self.job is not None and self.job.id == job_id:
            self.in_collections.setText(", ".join(names) or "—")

    # -- lineage --------------------------------------------------------------------------------

    async def _load_lineage(self, job: JobRecord) -> None:
        library = self.backend.library

        def read() -> tuple[JobRecord | None, list[JobRecord]]:
            parent = library.job(job.parent_job_id) if job.parent_job_id else None
            return parent, library.children(job.id)

        parent, children = await asyncio.to_thread(read)
        if not isValid(self) or self.job is None or self.job.id != job.id:
            return
        clear_layout(self.lineage_layout)
        if parent is not None:
            self._link(self.tr("↑ from job {id}").format(id=parent.id), parent.id)
        for child in children:
            made_by = caption(child).split(" · ")[0] if child.parent_button else caption(child)
            self._link(self.tr("↓ {action} {id}").format(action=clip(made_by, 24), id=child.id), child.id)
        if parent is None and not children:
            self.lineage_layout.addWidget(QLabel(self.tr("No parent or children"), self.lineage))

    def _link(self, text: str, job_id: int) -> None:
        button = QPushButton(text, self.lineage)
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setAccessibleName(text)
        button.setProperty("job_id", job_id)
        button.clicked.connect(lambda: self.go_to(job_id))
        self.lineage_layout.addWidget(button)

    def _other_job(self, job: Job) -> None:
        """A new child of the shown job joins its lineage as soon as it exists; a follow-up of it
        that fails says so under the buttons."""
        record, shown = job.record, self.job
        if record is None or shown is None or record.parent_job_id != shown.id:
            return
        if record.parent_button and state_of(record) is JobState.FAILED:
            self._followup_failed(record.parent_button, problem_text(as_job(record)))
        if all(b.property("job_id") != record.id for b in self.lineage_links()):
            spawn(self._load_lineage(shown), name="lineage")

    def _show_tree(self) -> None:
        if self.job is not None:
            self.show_lineage.emit(self.job.id)

    def lineage_links(self) -> list[QPushButton]:
        return [w for w in self.lineage.findChildren(QPushButton) if w.property("job_id") is not None]

    def go_to(self, job_id: int) -> None:
        spawn(self._go_to(job_id), name="lineage-go")

    async def _go_to(self, job_id: int) -> None:
        job = await asyncio.to_thread(self.backend.library.job, job_id)
        if not isValid(self):
            return
        self.show_job(job)
        self.navigate.emit(job_id)

    # -- follow-ups -----------------------------------------------------------------------------

    def _fill_buttons(self) -> None:
        """Show the job's follow-ups; rebuilt only when they changed (a progress event re-shows the
        job). A long list is sorted in a worker, so a hostile server cannot stall the window."""
        job = self.job
        key = (job.id, job.remote_id, job.buttons_json) if job is not None else None
        if key == self._buttons_key:
            return
        self._buttons_key = key
        if self._plan_task is not None:
            self._plan_task.cancel()
            self._plan_task = None
        if job is None or not job.remote_id:
            self._render(ButtonPlan())
        elif len(job.buttons_json) > LARGE_BUTTONS_JSON and loop_running():
            self._render(ButtonPlan())  # the old job's buttons must not stay meanwhile
            self._plan_task = spawn(self._plan_later(job.buttons_json, key), name="detail-buttons")
        else:
            self._render(plan_buttons(job.buttons))

    async def _plan_later(self, buttons_json: str, key: tuple[object, ...] | None) -> None:
        plan = await asyncio.to_thread(lambda: plan_buttons(json.loads(buttons_json)))
        if isValid(self) and self._buttons_key == key:
            self._plan_task = None
            self._render(plan)

    def _render(self, plan: ButtonPlan) -> None:
        layout = self.actions_layout
        clear_layout(layout, keep=(self.remix, self.more_button))
        self._plan, self._more_filled = plan, False
        self.more_button.menu().clear()
        self._labels = {}
        for _group, buttons in plan.groups:
            self._labels.update((b.custom_id, clip(button_text(b), MAX_LABEL)) for b in buttons)
        self.actions_box.setVisible(bool(plan.groups or plan.more))
        # Across (the viewer, under a wide image): the groups side by side, wrapping as wholes.
        across, across_flow = flow_container(self.actions_box, spacing=16) if self.groups_across else (None, None)
        for group, buttons in plan.groups:
            # The group's name above its buttons, which wrap to the panel's width: a side panel is
            # narrow, and a button cut off at its edge cannot be read or pressed.
            holder = QWidget(self.actions_box) if across_flow is not None else self.actions_box
            title = QLabel(group_title(group), holder)
            # The role, not a style sheet: palette(...) in a sheet is the application's colour,
            # which is wrong in the viewer's dark surround under the light theme.
            title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            if across_flow is not None:  # one line per group: the groups wrap, not their buttons
                row = QWidget(holder)
                line = QHBoxLayout(row)
                line.setContentsMargins(0, 0, 0, 0)
                line.setSpacing(4)
                for button in buttons:
                    line.addWidget(self._action_button(button))
            else:
                row, flow = flow_container(holder)
                for button in buttons:
                    flow.addWidget(self._action_button(button))
            if across_flow is not None:
                column = QVBoxLayout(holder)
                column.setContentsMargins(0, 0, 0, 0)
                column.setSpacing(2)
                column.addWidget(title)
                column.addWidget(row)
                across_flow.addWidget(holder)
            else:
                layout.addWidget(title)
                layout.addWidget(row)
        if across is not None:
            layout.addWidget(across)
        extra = len(plan.more) + plan.left_out
        self.more_button.setText(self.tr("More… ({count})").format(count=extra))
        self.more_button.setVisible(extra > 0)
        if extra:
            layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        # Only where the request itself can ask for the Remix modal: elsewhere the box would do nothing.
        info = self.backend.dialect_of(self.job.profile) if self.job is not None else None
        remixable = plan.remixable and info is not None and info.remix_on_request
        self.remix.setVisible(remixable)
        if remixable:
            layout.addWidget(self.remix)

    def _fill_more(self) -> None:
        """The "More…" menu, built on first opening and capped (buttons.MAX_MENU)."""
        if self._more_filled:
            return
        self._more_filled = True
        menu = self.more_button.menu()
        for button in self._plan.more:
            text = clip(button_text(button), MAX_LABEL)
            self._labels[button.custom_id] = text
            action = menu.addAction(text)
            action.setData(button.custom_id)
            action.triggered.connect(
                lambda _=False, b=button: self.press(b.custom_id, remix=self.remix.isChecked() and b.kind in REMIXABLE)
            )
        if self._plan.left_out:
            menu.addSeparator()
            note = menu.addAction(self.tr("Not shown: {count} more").format(count=self._plan.left_out))
            note.setEnabled(False)

    def _action_button(self, button: Button) -> QPushButton:
        text = self._labels.get(button.custom_id) or clip(button_text(button), MAX_LABEL)
        widget = QPushButton(text, self.actions_box)
        widget.setIcon(button_icon(button, widget))  # the app's icon, not the server's emoji
        widget.setAccessibleName(text)
        # The name again for buttons the app knows; the server's customId only for those it does not
        # (a designer has no use for "MJ::JOB::upsample_v6_2x_subtle::1::…::SOLO").
        widget.setToolTip(text if button.human_label is not None else f"{text}\n{button.custom_id}")
        widget.setProperty("custom_id", button.custom_id)
        if len(text) <= SHORT_LABEL:
            # U1…V4 need little room; the style's minimum button width would push U4 off the panel.
            widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            widget.setMinimumWidth(widget.fontMetrics().horizontalAdvance(text) + 20)
        widget.clicked.connect(
            lambda: self.press(button.custom_id, remix=self.remix.isChecked() and button.kind in REMIXABLE)
        )
        return widget

    def action_buttons(self) -> list[QPushButton]:
        return [w for w in self.actions_box.findChildren(QPushButton) if w.property("custom_id")]

    def press(self, custom_id: str, *, remix: bool = False) -> None:
        if self.job is not None:
            if self._errors.pop(custom_id, None) is not None:  # a retry: the old error is history
                self._show_errors()
            spawn(self._press(self.job, custom_id, remix), name="press")

    async def _press(self, job: JobRecord, custom_id: str, remix: bool) -> None:
        try:
            child = await press(self.backend, job, custom_id, self.window(), remix=remix)
        except MjError as exc:
            self.message.emit(error_text(exc))
            self._followup_failed(custom_id, error_text(exc), job.id)
            return
        except (OSError, ValueError) as exc:
            self.message.emit(str(exc))
            self._followup_failed(custom_id, str(exc), job.id)
            return
        if state_of(child) is JobState.FAILED:  # refused at once: its event may have come first
            self._followup_failed(custom_id, problem_text(as_job(child)) or "", job.id)

    def _followup_failed(self, custom_id: str, reason: str | None, parent_id: int | None = None) -> None:
        if not isValid(self) or self.job is None or (parent_id is not None and self.job.id != parent_id):
            return  # another job is shown now: its panel is not the place
        name = self._labels.get(custom_id) or self.tr("The follow-up")
        self._errors[custom_id] = self.tr("{button} failed: {reason}").format(
            button=name, reason=reason or self.tr("no reason given")
        )
        self._show_errors()

    def _show_errors(self) -> None:
        self.followup_error.setText("\n".join(self._errors.values()))
        self.followup_error.setVisible(bool(self._errors))

    def followup_errors(self) -> list[str]:
        return list(self._errors.values())

    def _show_stop(self, job: JobRecord) -> None:
        from mjdesk.core.api import Endpoint

        running = job.finished_at is None and job.remote_id is not None and not job.modal_pending
        self.stop_button.setVisible(running or job.waits_in_queue)
        if job.waits_in_queue:
            self.stop_button.setText(self.tr("Cancel (not sent yet)"))
            self.stop_button.setToolTip(self.tr("Take this job out of your queue: it is never sent."))
        elif not running:
            return
        elif self.backend.profile_supports(job.profile, Endpoint.CANCEL):
            self.stop_button.setText(self.tr("Cancel on the server"))
            self.stop_button.setToolTip(self.tr("Ask the server to stop this job."))
        else:
            self.stop_button.setText(self.tr("Stop tracking"))
            self.stop_button.setToolTip(
                self.tr(
                    "This server cannot cancel jobs: mjdesk stops following this one. The server may still finish it."
                )
            )
        self.stop_button.setAccessibleName(self.stop_button.text())

    def _stop(self) -> None:
        if self.job is not None:
            spawn(self._stop_job(self.job), name="stop-job")

    async def _stop_job(self, job: JobRecord) -> None:
        from mjdesk.core.api import Endpoint
        from mjdesk.core.library import InvalidTransitionError

        self.stop_button.setEnabled(False)
        try:
            if job.waits_in_queue:
                try:
                    await self.backend.service.withdraw(job.id, "Cancelled in the queue before it was sent.")
                    self.message.emit(self.tr("Job {id} was taken out of the queue.").format(id=job.id))
                except InvalidTransitionError:
                    self.message.emit(self.tr("Job {id} was sent meanwhile.").format(id=job.id))
            elif self.backend.profile_supports(job.profile, Endpoint.CANCEL):
                await self.backend.service.cancel_on_server(job.id)
                self.message.emit(self.tr("Asked the server to cancel job {id}.").format(id=job.id))
            else:
                await self.backend.service.stop_tracking(job.id)
                self.message.emit(self.tr("Job {id} is no longer tracked.").format(id=job.id))
        except MjError as exc:
            self.message.emit(error_text(exc))
        finally:
            if isValid(self):
                self.stop_button.setEnabled(True)

    def _answer(self) -> None:
        if self.job is not None and self.job.modal_pending:
            spawn(self._answer_job(self.job), name="answer-modal")

    async def _answer_job(self, job: JobRecord) -> None:
        try:
            await answer_modal(self.backend, job, self.window())
        except MjError as exc:
            self.message.emit(error_text(exc))
        except OSError as exc:
            self.message.emit(str(exc))

    async def _seed(self, job: JobRecord) -> None:
        self.seed.setText(self.tr("asking the server…"))
        seed = await fetch_seed(self.backend, job)
        if isValid(self) and self.job is not None and self.job.id == job.id:
            self.seed.setText(seed or self.tr("not available"))

    def _get_seed(self) -> None:
        if self.job is not None:
            spawn(self._seed(self.job), name="seed")
