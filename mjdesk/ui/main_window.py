"""The main window: action tabs, the gallery in the middle, the job detail (and job list) beside it,
and a status bar that says where things stand."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mjdesk import __version__
from mjdesk.core.settings import Settings

from .asyncutil import spawn
from .backend import ConnectionState
from .icons import glyph_icon
from .services import Services
from .tabs.base import ActionTab
from .tabs.imagine import ImagineTab
from .theme import tone
from .widgets.image_input import ImageInput
from .widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord, Reference
    from mjdesk.core.matrix import Matrix

    from .detail.panel import DetailPanel
    from .gallery.panel import GalleryPanel
    from .job_model import Job
    from .lineage.window import LineageWindow
    from .notify import Notifier
    from .references import ReferenceLibrary
    from .tabs.blend import BlendTab
    from .tabs.describe import DescribeTab
    from .tabs.shorten import ShortenTab
    from .tabs.swap_face import SwapFaceTab
    from .tabs.upload import UploadTab
    from .tabs.video import VideoTab
    from .viewer import Viewer
    from .widgets.job_list import JobList


# Widths (px) the three areas keep: the composer's form fits from COMPOSER_MIN; the side panel's
# follow-ups and facts need SIDE_MIN and gain nothing past SIDE_MAX; the gallery gets the rest.
COMPOSER_MIN, COMPOSER_MAX = 440, 540  # eight actions side by side (tests/ui/test_layout.py)
SIDE_MIN, SIDE_MAX = 300, 440
GALLERY_MIN = 320
PANE_SLACK = 24  # splitter handles and margins


def without_mnemonic(text: str) -> str:
    """A label as a screen reader should say it: "&Imagine" -> "Imagine", "绘图(&I)" -> "绘图"."""
    return re.sub(r"\s*\(&\w\)$", "", text).replace("&", "")


class LazyTab(QWidget):
    """A tab page that builds its action tab when first shown or asked for: a session uses one or
    two tabs, and building (and importing) all of them would delay the window."""

    def __init__(self, build: Callable[[], ActionTab], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._tab: ActionTab | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> ActionTab | None:
        return self._tab

    def tab(self) -> ActionTab:
        if self._tab is None:
            self._tab = self._build()
            self._layout.addWidget(self._tab)
            if self.isVisible():
                self._tab.show()
        return self._tab

    def showEvent(self, event: QShowEvent) -> None:
        self.tab()  # before the first paint, so the page never shows empty
        super().showEvent(event)


class MainWindow(QMainWindow):
    # Built by build_panels, right after the first paint (as are the gallery and the detail).
    job_list: JobList
    notifier: Notifier
    viewer: Viewer

    def __init__(self, services: Services, parent: QWidget | None = None, *, panels: bool = True) -> None:
        super().__init__(parent)
        self.services = services
        self.backend = services.backend
        self.dialog: QWidget | None = None  # the settings or first-run dialog while it is open
        self.queue_dialog: QWidget | None = None
        self.references_dialog: ReferenceLibrary | None = None
        self.lineage_window: LineageWindow | None = None
        self.compare_window: QWidget | None = None  # the compare window while open (issue 15)
        self._theme = "system"  # what the platform shows until a setting says otherwise
        self._follows_desktop = False
        self.resize(self._initial_size())

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Actions"))
        self.imagine = ImagineTab(services)  # the one shown first: built now
        self.imagine.matrix_submitted.connect(self.show_matrix)
        self.imagine.library_requested.connect(self.show_references)
        self.imagine.references_dropped.connect(self._use_saved_references)
        self._offer_prompts(self.imagine)
        self.tabs.addTab(self.imagine, self.tr("&Imagine"))
        self._pages: dict[str, LazyTab] = {}
        for name, title in (
            ("blend", self.tr("&Blend")),
            ("describe", self.tr("&Describe")),
            ("shorten", self.tr("S&horten")),
            ("swap_face", self.tr("S&wap Face")),
            ("video", self.tr("&Video")),
            ("edit", self.tr("&Edit")),
            ("upload", self.tr("&Upload")),
        ):
            self._pages[name] = LazyTab(partial(self._build_tab, name))
            self.tabs.addTab(self._pages[name], title)
        # A tab bar of seven actions overflowed into scroll arrows beside the gallery: the actions
        # are a row of buttons that wraps instead (Alt+letter as before), above the chosen form.
        self.tabs.tabBar().hide()
        self.tabs.setDocumentMode(True)
        self.modes = QWidget(self)
        self.modes.setAccessibleName(self.tr("Action"))
        modes_layout = QHBoxLayout(self.modes)
        modes_layout.setContentsMargins(0, 0, 0, 0)
        modes_layout.setSpacing(0)
        self.mode_buttons = QButtonGroup(self)
        self.mode_buttons.setExclusive(True)
        # A mode switch: each action's icon over its name, sharing the composer's width in one
        # row (names in a slightly smaller type: seven fit the composer's narrowest width).
        icons = ("imagine", *self._pages)
        for i in range(self.tabs.count()):
            button = QToolButton(self.modes)
            # The name without its mnemonic mark (Chinese adds a visible "(&I)"), Alt+letter kept.
            button.setText(without_mnemonic(self.tabs.tabText(i)))
            button.setShortcut(QKeySequence.mnemonic(self.tabs.tabText(i)))
            button.setAccessibleName(without_mnemonic(self.tabs.tabText(i)))
            button.setIcon(glyph_icon(icons[i], button))
            button.setIconSize(QSize(20, 20))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            small = button.font()
            small.setPointSizeF(small.pointSizeF() * 0.9)
            button.setFont(small)
            button.setStyleSheet("QToolButton { padding: 2px 1px; }")
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setChecked(i == 0)
            self.mode_buttons.addButton(button, i)
            modes_layout.addWidget(button)
        self.mode_buttons.idClicked.connect(self.tabs.setCurrentIndex)
        self.tabs.currentChanged.connect(self._mode_changed)
        self.composer = QWidget(self)
        self.composer.setAccessibleName(self.tr("Composer"))
        composer_layout = QVBoxLayout(self.composer)
        composer_layout.setContentsMargins(4, 4, 0, 0)
        composer_layout.setSpacing(4)
        composer_layout.addWidget(self.modes)
        composer_layout.addWidget(self.tabs, 1)
        self.composer.setMinimumWidth(COMPOSER_MIN)
        self._composer_auto_folded = False  # folded by _fit_panes, not by the user
        self._side_auto_hidden = False

        self.jobs_panel = QWidget(self)
        self._jobs_layout = QVBoxLayout(self.jobs_panel)
        self._jobs_layout.setContentsMargins(6, 6, 6, 6)
        self._jobs_layout.addWidget(QLabel(self.tr("<b>Jobs</b>"), self.jobs_panel))

        # The gallery is where a designer's day goes: the main area, between the action tabs and a
        # side panel with the selected job's detail (and the job list one tab away). Both panels
        # can be built just after the first paint (see build_panels); until then plain pages
        # hold their places, so nothing moves when they arrive.
        self.gallery_area = QWidget(self)
        self._gallery_layout = QVBoxLayout(self.gallery_area)
        self._gallery_layout.setContentsMargins(0, 0, 0, 0)
        self.side = QTabWidget(self)
        self.side.setAccessibleName(self.tr("Job detail and job list"))
        self.side.addTab(QWidget(self.side), self.tr("De&tail"))
        self.side.addTab(self.jobs_panel, self.tr("&Jobs"))

        # The gallery is the main area and takes what the composer and the side panel leave; they
        # keep usable widths (a long title wraps in the side panel instead of widening it).
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.composer)
        splitter.addWidget(self.gallery_area)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        self.gallery_area.setMinimumWidth(GALLERY_MIN)
        self.side.setMinimumWidth(SIDE_MIN)
        self.side.setMaximumWidth(SIDE_MAX)
        width = self.width()
        composer = min(COMPOSER_MAX, max(COMPOSER_MIN, width * 3 // 10))
        side = min(SIDE_MAX, max(SIDE_MIN, width // 4))
        splitter.setSizes([composer, max(GALLERY_MIN, width - composer - side), side])
        splitter.setChildrenCollapsible(False)
        # The window may narrow below the three panes' sum: _fit_panes then folds the side panel
        # and the composer, instead of the window refusing to shrink.
        splitter.setMinimumWidth(GALLERY_MIN + PANE_SLACK)
        self.setCentralWidget(splitter)

        self.server_label = QLabel(self)
        self.connection_label = QLabel(self)
        for label in (self.server_label, self.connection_label):
            label.setContentsMargins(6, 0, 6, 0)
        # The job count opens the queue: where jobs wait, and the say over them.
        self.jobs_label = QToolButton(self)
        self.jobs_label.setAutoRaise(True)
        self.jobs_label.setAccessibleName(self.tr("Jobs: open the queue"))
        self.jobs_label.setToolTip(self.tr("Open the queue (Ctrl+Shift+J)"))
        self.jobs_label.clicked.connect(self.show_queue)
        self.setStatusBar(StatusBar(self))
        self.statusBar().addWidget(self.server_label)
        self.statusBar().addWidget(self.connection_label)
        self.quota_label = QLabel(self)
        self.quota_label.setContentsMargins(6, 0, 6, 0)
        self.quota_label.hide()
        self.statusBar().addPermanentWidget(self.quota_label)
        self.statusBar().addPermanentWidget(self.jobs_label)
        from .dialogs.update import UpdateButton
        from .updates import UpdateChecker

        self.updates = UpdateChecker(services, self.backend, self)
        self.update_button = UpdateButton(self.updates, self)
        self.statusBar().addPermanentWidget(self.update_button)
        self._build_menu()

        self.backend.connection_changed.connect(self._update_status)
        self.backend.server_health_changed.connect(self._server_health_changed)
        self.backend.profiles_changed.connect(self._update_status)
        # The count walks every job: once per burst of changes (a matrix adds hundreds), not per change.
        self._jobs_timer = QTimer(self)
        self._jobs_timer.setSingleShot(True)
        self._jobs_timer.setInterval(100)
        self._jobs_timer.timeout.connect(self._update_jobs)
        # Bound slots, not lambdas: Qt drops them with the window (the backend may outlive it).
        self.backend.job_added.connect(self._jobs_changed)
        self.backend.job_changed.connect(self._jobs_changed)
        self.backend.account_changed.connect(self._update_quota)
        self.backend.job_changed.connect(self._job_maybe_charged)
        self._update_status()
        self._update_jobs()
        self.apply_settings(services.settings)
        self.imagine.refresh()
        self._gallery: GalleryPanel | None = None
        self._detail: DetailPanel | None = None
        self._quit_confirmed = False
        self.quit_question: QWidget | None = None  # the "jobs still running" question while open
        if panels:
            self.build_panels()

    def build_panels(self) -> None:
        """Build the gallery and the detail panel (once). The app calls this right after the
        window's first paint: their imports and set-up (~50 ms) would otherwise delay it."""
        if self._gallery is not None:
            return
        from .detail.panel import DetailPanel
        from .gallery.panel import GalleryPanel
        from .notify import Notifier
        from .widgets.job_list import JobList

        self.job_list = JobList(self.backend, self.jobs_panel)
        self._jobs_layout.addWidget(self.job_list, 1)
        self.notifier = Notifier(self, self.backend)

        gallery = self._gallery = GalleryPanel(
            self.backend,
            self.services.pool,
            self.services.paths.cache / "thumbnails",
            lambda: self.services.settings.downloads(),
            self.gallery_area,
        )
        self._gallery_layout.addWidget(gallery)
        gallery.delegate.stalled = self.backend.polling_fails
        detail = self._detail = DetailPanel(self.backend, self.side)
        current = self.side.currentIndex()
        placeholder = self.side.widget(0)
        self.side.removeTab(0)
        if placeholder is not None:  # the Detail tab's placeholder, added in __init__
            placeholder.deleteLater()
        self.side.insertTab(0, detail, self.tr("De&tail"))
        self.side.setCurrentIndex(current)
        gallery.job_selected.connect(self._job_selected)
        gallery.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        gallery.job_actions.use_reference.connect(self._use_image_reference)
        gallery.followup_requested.connect(self._tile_followup)
        gallery.job_actions.extend_video.connect(self._extend_video)
        gallery.job_actions.use_prompt.connect(self._use_prompt)
        gallery.job_actions.save_reference.connect(self._save_reference)
        gallery.collections_shown.connect(self._collections_folded)
        gallery.job_actions.show_lineage.connect(self.show_lineage)
        detail.show_lineage.connect(self.show_lineage)
        detail.navigate.connect(gallery.select_job)
        detail.use_prompt.connect(self._use_prompt)
        gallery.collections.changed.connect(detail.refresh_collections)
        gallery.view.candidate_key.connect(detail.show_candidate)
        gallery.job_actions.compare_requested.connect(self.open_compare)
        from .viewer import Viewer

        self.viewer = Viewer(self.backend, gallery.view, self)
        gallery.view.activated_job.connect(self.viewer.open_job)
        self.viewer.extend_video.connect(self._extend_video)
        self.viewer.animate.connect(lambda path: self._use_image_reference("video", path))
        detail.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.backend.profiles_changed.connect(self._library_ready)  # the first load follows the library
        self._library_ready()

    def open_compare(self, jobs: list[JobRecord]) -> None:
        """The selected 2-4 jobs in the compare window (one at a time: a new one replaces it)."""
        from .compare.window import CompareWindow

        if self.compare_window is not None and isValid(self.compare_window):
            self.compare_window.close()
        window = CompareWindow(self.backend, jobs, self.gallery.job_actions.culling, self)
        self.compare_window = window
        window.show()
        window.activateWindow()

    @property
    def gallery(self) -> GalleryPanel:
        if self._gallery is None:
            self.build_panels()
        assert self._gallery is not None
        return self._gallery

    @property
    def detail(self) -> DetailPanel:
        if self._detail is None:
            self.build_panels()
        assert self._detail is not None
        return self._detail

    def _initial_size(self) -> QSize:
        # Roomy enough for the form, the gallery and the detail side by side, but never larger
        # than the screen a laptop designer has.
        wanted = QSize(1500, 920)
        screen = self.screen()
        if screen is None:
            return wanted
        room = screen.availableGeometry().size()
        return QSize(min(wanted.width(), room.width() * 95 // 100), min(wanted.height(), room.height() * 92 // 100))

    def action_tabs(self) -> list[ActionTab]:
        """The tabs built so far (the others are built, up to date, when first shown)."""
        return [self.imagine, *(tab for page in self._pages.values() if (tab := page.built) is not None)]

    def _build_tab(self, name: str) -> ActionTab:
        tab: ActionTab
        if name == "blend":
            from .tabs.blend import BlendTab

            tab = BlendTab(self.services)
        elif name == "describe":
            from .tabs.describe import DescribeTab

            tab = DescribeTab(self.services)
            tab.use_prompt.connect(self._use_prompt)
        elif name == "shorten":
            from .tabs.shorten import ShortenTab

            tab = ShortenTab(self.services)
            tab.use_prompt.connect(self._use_prompt)
        elif name == "swap_face":
            from .tabs.swap_face import SwapFaceTab

            tab = SwapFaceTab(self.services)
        elif name == "video":
            from .tabs.video import VideoTab

            tab = VideoTab(self.services)
        elif name == "edit":
            from .tabs.edit import EditTab

            tab = EditTab(self.services)
        else:
            from .tabs.upload import UploadTab

            tab = UploadTab(self.services)
            tab.use_reference.connect(self._use_reference)
        self._apply_budget(tab)
        self._offer_prompts(tab)
        tab.refresh()
        return tab

    # Each tab is built on first use: asking for it here builds it if the user has not opened it yet.
    @property
    def blend(self) -> BlendTab:
        return cast("BlendTab", self._pages["blend"].tab())

    @property
    def describe(self) -> DescribeTab:
        return cast("DescribeTab", self._pages["describe"].tab())

    @property
    def shorten(self) -> ShortenTab:
        return cast("ShortenTab", self._pages["shorten"].tab())

    @property
    def swap_face(self) -> SwapFaceTab:
        return cast("SwapFaceTab", self._pages["swap_face"].tab())

    @property
    def video(self) -> VideoTab:
        return cast("VideoTab", self._pages["video"].tab())

    @property
    def upload(self) -> UploadTab:
        return cast("UploadTab", self._pages["upload"].tab())

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.settings_action = settings = QAction(self.tr("&Settings…"), self)
        settings.setShortcut(QKeySequence(QKeySequence.StandardKey.Preferences))
        if settings.shortcut().isEmpty():  # Linux/Windows styles have no standard key for it
            settings.setShortcut(QKeySequence("Ctrl+,"))
        settings.triggered.connect(self.show_settings)
        file_menu.addAction(settings)
        self.server_action = QAction(self.tr("Server &history…"), self)
        self.server_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.server_action.triggered.connect(self.show_server_history)
        file_menu.addAction(self.server_action)
        self.references_action = QAction(self.tr("&Reference library…"), self)
        self.references_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.references_action.triggered.connect(self.show_references)
        file_menu.addAction(self.references_action)
        self.queue_action = QAction(self.tr("&Queue…"), self)
        self.queue_action.setShortcut(QKeySequence("Ctrl+Shift+J"))
        self.queue_action.triggered.connect(self.show_queue)
        file_menu.addAction(self.queue_action)
        self.costs_action = QAction(self.tr("&Costs…"), self)
        self.costs_action.triggered.connect(self.show_costs)
        file_menu.addAction(self.costs_action)
        self.demo_action = QAction(self.tr("Try the &demo"), self)
        self.demo_action.triggered.connect(self.start_demo)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.composer_action = QAction(self.tr("&Composer"), self)
        self.composer_action.setCheckable(True)
        self.composer_action.setChecked(True)
        self.composer_action.setShortcut(QKeySequence("Ctrl+B"))
        self.composer_action.toggled.connect(self.show_composer)
        view_menu.addAction(self.composer_action)
        self.collections_action = QAction(self.tr("C&ollections"), self)
        self.collections_action.setCheckable(True)
        self.collections_action.setChecked(True)
        self.collections_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.collections_action.toggled.connect(self.show_collections)
        view_menu.addAction(self.collections_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About mjdesk"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)
        self.check_updates_action = QAction(self.tr("Check for &updates"), self)
        self.check_updates_action.triggered.connect(lambda: spawn(self.check_for_updates(), name="update-check"))
        help_menu.addAction(self.check_updates_action)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_panes()

    def _fit_panes(self) -> None:
        """On a narrow window the panes make room for the gallery rather than squeezing it: the
        side panel goes first (the viewer shows a job's detail), then the composer; each comes
        back by itself once the window is wide enough again."""
        if not hasattr(self, "_side_auto_hidden"):
            return  # a resize while __init__ builds the panes
        width = self.width()
        # isHidden, not isVisible: this runs before the window is shown too.
        composer = COMPOSER_MIN if not self.composer.isHidden() or self._composer_auto_folded else 0
        side_fits = width >= composer + GALLERY_MIN + SIDE_MIN + PANE_SLACK
        if not side_fits and not self.side.isHidden():
            self.side.hide()
            self._side_auto_hidden = True
        elif side_fits and self._side_auto_hidden:
            self.side.show()
            self._side_auto_hidden = False
        composer_fits = width >= COMPOSER_MIN + GALLERY_MIN + PANE_SLACK
        if not composer_fits and not self.composer.isHidden():
            self.show_composer(False)
            self._composer_auto_folded = True
        elif composer_fits and self._composer_auto_folded:
            self._composer_auto_folded = False
            self.show_composer(True)

    def show_collections(self, shown: bool) -> None:
        """Fold the gallery's collections sidebar away (Ctrl+Shift+L), or bring it back."""
        self.gallery.set_collections_shown(shown)
        self.collections_action.setChecked(shown)

    def _collections_folded(self, shown: bool) -> None:
        # The gallery folded its sidebar by itself (or brought it back): the menu says so.
        self.collections_action.blockSignals(True)
        self.collections_action.setChecked(shown)
        self.collections_action.blockSignals(False)

    def show_composer(self, shown: bool) -> None:
        """Fold the composer away for a gallery as wide as the window (Ctrl+B), or bring it back."""
        self._composer_auto_folded = False
        self.composer.setVisible(shown)
        if self.composer_action.isChecked() != shown:
            self.composer_action.setChecked(shown)
        if shown:
            self.tabs.currentWidget().setFocus()

    def _mode_changed(self, index: int) -> None:
        button = self.mode_buttons.button(index)
        if button is not None:
            button.setChecked(True)
        if not self.composer.isVisible():
            self.show_composer(True)  # choosing an action (Alt+letter, "Use in Imagine") shows it

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("About mjdesk"),
            self.tr("mjdesk {version}\nA desktop client for Midjourney-compatible servers.").format(
                version=__version__
            ),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- the reference library --------------------------------------------------------------------

    def show_references(self) -> None:
        """The reference library (one window; asked again, it comes forward)."""
        from .references import ReferenceLibrary

        if self.references_dialog is not None and isValid(self.references_dialog):
            self.references_dialog.raise_()
            self.references_dialog.activateWindow()
            return
        if not self.backend.started:
            return
        dialog = ReferenceLibrary(self.backend, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setModal(False)
        dialog.use_requested.connect(self.use_saved_reference)
        self.references_dialog = dialog
        dialog.show()

    def use_saved_reference(self, ref: Reference) -> None:
        spawn(self._use_saved(ref), name="use-reference")

    def _use_saved_references(self, ids: list[int]) -> None:
        spawn(self._use_saved_ids(ids), name="use-references")

    async def _use_saved_ids(self, ids: list[int]) -> None:
        import asyncio

        from mjdesk.core.library import LibraryError

        for ref_id in ids:
            try:
                ref = await asyncio.to_thread(self.backend.library.reference, ref_id)
            except LibraryError:
                continue  # deleted meanwhile
            await self._use_saved(ref)

    async def _use_saved(self, ref: Reference) -> None:
        """A saved reference into the Imagine prompt: a code as it is, an image by its link on the
        connected server (uploaded once, then reused while the link lives), with its weight."""
        import asyncio

        from mjdesk.core.api import MjError
        from mjdesk.core.imaging import ImageInputError
        from mjdesk.core.jobs.uploads import link_for

        profile = self.backend.profile
        value = ref.code
        if ref.image_path is not None:
            if profile is None:
                self.statusBar().showMessage(self.tr("Connect to a server to use an image reference."), 8000)
                return
            self.statusBar().showMessage(self.tr("Uploading “{name}” to the server…").format(name=ref.name))
            try:
                value = await link_for(self.backend.service, profile.name, ref.image_path)
            except (MjError, ImageInputError, OSError) as exc:
                self.statusBar().showMessage(
                    self.tr("“{name}” could not be uploaded: {error}").format(name=ref.name, error=exc), 10000
                )
                return
            self.statusBar().clearMessage()
        if not value or not isValid(self):
            return
        self.imagine.add_reference(ref.kind, value)
        if ref.weight:
            self.imagine.use_weight(ref.kind, ref.weight)
        self.imagine.references_section.set_expanded(True)
        self.tabs.setCurrentWidget(self.imagine)
        self.show_composer(True)
        await asyncio.to_thread(self.backend.library.touch_reference, ref.id)

    def _save_reference(self, kind: str, job: JobRecord) -> None:
        spawn(self._keep_reference(kind, job), name="save-reference")

    async def _keep_reference(self, kind: str, job: JobRecord) -> None:
        import asyncio

        from mjdesk.core.text import clip

        from .gallery.files import still_path

        path = still_path(job)
        if path is None:
            return
        name = clip(" ".join(job.prompt.split()), 60) or self.tr("Job {id}").format(id=job.id)
        ref = await asyncio.to_thread(self.backend.library.add_reference, kind, name, image=path)
        self.statusBar().showMessage(self.tr("Saved to the reference library as “{name}”.").format(name=ref.name), 6000)
        if self.references_dialog is not None and isValid(self.references_dialog):
            self.references_dialog.refresh()

    def _use_prompt(self, text: str) -> None:
        self.imagine.set_prompt(text)
        self.tabs.setCurrentWidget(self.imagine)

    def _library_ready(self) -> None:
        if self.backend.started and not self.gallery.model.has_library:
            self.gallery.set_library(self.backend.library)

    def _tile_followup(self, job_id: int, custom_id: str) -> None:
        """U1-U4 on a tile: the job becomes the selected one and the detail presses the button
        (the same path as its own buttons: the child appears at once, errors show there)."""
        if self.gallery.select_job(job_id) and self.detail.job is not None and self.detail.job.id == job_id:
            self.detail.press(custom_id)

    def _job_selected(self, job: JobRecord | None) -> None:
        self.detail.show_job(job)
        if job is not None:
            self.side.setCurrentWidget(self.detail)

    def _use_image_reference(self, tab: str, path: object) -> None:
        """A gallery image as an input of Imagine (image prompt), Blend or Describe."""
        target: Callable[[], tuple[ActionTab, ImageInput]] = {
            "imagine": lambda: (self.imagine, self.imagine.images),
            "blend": lambda: (self.blend, self.blend.images),
            "describe": lambda: (self.describe, self.describe.image),
            "video": lambda: (self.video, self.video.start),
        }[tab]
        page, image_input = target()
        image_input.add_sources([str(path)])
        self.tabs.setCurrentWidget(page if page is self.imagine else self._pages[tab])
        self.show_composer(True)

    def open_images(self, paths: list[str]) -> None:
        """Images handed to the app ("Open with mjdesk", the command line): Imagine's image prompts
        (the image input says what it cannot read, one by one)."""
        self.tabs.setCurrentWidget(self.imagine)
        self.show_composer(True)
        self.imagine.references_section.set_expanded(True)
        self.imagine.images.add_sources(list(paths))

    def _extend_video(self, task_id: str) -> None:
        self.video.extend(task_id)
        self.tabs.setCurrentWidget(self._pages["video"])
        self.show_composer(True)

    def _use_reference(self, kind: str, url: str) -> None:
        self.imagine.add_reference(kind, url)
        self.tabs.setCurrentWidget(self.imagine)

    # -- settings, servers, demo ----------------------------------------------------------------

    def apply_settings(self, settings: Settings) -> None:
        """What takes effect at once: image limits and theme (the poll interval via the backend)."""
        from .theme import apply_theme, system_is_dark

        self.services.settings = settings
        for tab in self.action_tabs():
            self._apply_budget(tab)
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        if not self._follows_desktop:
            # "System" follows the desktop switching between light and dark while we run.
            app.styleHints().colorSchemeChanged.connect(self._desktop_scheme_changed)
            self._follows_desktop = True
        if settings.theme != self._theme or (settings.theme == "system" and system_is_dark(app)):
            apply_theme(app, settings.theme)
            self._theme = settings.theme

    def _desktop_scheme_changed(self, _scheme: object) -> None:
        from .theme import apply_theme

        app = QApplication.instance()
        if isinstance(app, QApplication) and self.services.settings.theme == "system":
            apply_theme(app, "system")

    def _offer_prompts(self, tab: ActionTab) -> None:
        """An image dropped on any of the tab's inputs that carries a prompt offers "Use its prompt":
        into the Imagine composer, the way "Tweak with the same seed…" fills it."""
        for image_input in list(ImageInput.instances):
            if isValid(image_input) and tab.isAncestorOf(image_input):
                image_input.use_prompt.connect(self._use_prompt)

    def _apply_budget(self, tab: ActionTab) -> None:
        budget = self.services.settings.image_budget()
        for image_input in list(ImageInput.instances):
            if isValid(image_input) and tab.isAncestorOf(image_input):
                image_input.budget = budget

    def show_settings(self) -> None:
        from .dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.backend, self.services.settings, self, checker=self.updates)
        dialog.accepted_settings.connect(lambda s: spawn(self._save_settings(s), name="save-settings"))
        dialog.servers_changed.connect(lambda: spawn(self.backend.reconfigure(), name="reconfigure"))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    async def _save_settings(self, settings: Settings) -> None:
        import asyncio

        from mjdesk.core import settings as store

        old = self.services.settings
        await asyncio.to_thread(store.save, self.services.paths, settings)
        self.apply_settings(settings)
        if settings.poll_interval != old.poll_interval:
            await self.backend.reconfigure(settings.poll_policy())

    async def check_for_updates(self) -> None:
        """Help ▸ Check for updates: ask the feed now and say what it answered."""
        self.statusBar().showMessage(self.tr("Checking for a new version…"))
        outcome = await self.updates.check(forced=True)
        if outcome.release is not None:
            self.statusBar().clearMessage()
            self.update_button.open_dialog()
        elif outcome.problem:
            self.statusBar().showMessage(
                self.tr("Could not check for a new version: {reason}").format(reason=outcome.problem), 10000
            )
        else:
            self.statusBar().showMessage(
                self.tr("mjdesk {version} is the newest version.").format(version=self.updates.current), 10000
            )

    def show_matrix(self, matrix: Matrix, jobs: list[Job]) -> None:
        """A variation matrix just sent: its results as a labelled grid, filling in as jobs finish."""
        from .matrix_grid import MatrixGrid

        loader = self._gallery.loader if self._gallery is not None else None
        grid = MatrixGrid(self.backend, matrix, jobs, loader, self.viewer.open_job, self)
        grid.finished.connect(grid.deleteLater)
        grid.setModal(False)
        self.matrix_grid = grid
        grid.show()

    def show_server_history(self) -> None:
        from .dialogs.server_history import ServerHistoryDialog

        if self.backend.profile is None:
            return
        dialog = ServerHistoryDialog(self.backend, self)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def show_queue(self) -> None:
        """The user's queue of the connected server (one window; asked again, it comes forward)."""
        from .dialogs.queue import QueueDialog

        if self.queue_dialog is not None and isValid(self.queue_dialog):
            self.queue_dialog.raise_()
            self.queue_dialog.activateWindow()
            return
        if self.backend.profile is None:
            return
        dialog = QueueDialog(self.backend, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setModal(False)
        self.queue_dialog = dialog
        dialog.show()

    def show_costs(self) -> None:
        from .dialogs.costs import CostsDialog

        if not self.backend.started:
            return
        dialog = CostsDialog(self.backend, self)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def show_lineage(self, job_id: int) -> None:
        """A job's whole family as a tree (one window: asked again, it shows the new family)."""
        from .lineage.window import LineageWindow

        window = self.lineage_window
        if window is None or not isValid(window):
            loader = self._gallery.loader if self._gallery is not None else None
            # A window of its own, not a dialog over this one: the viewer it opens (Enter) shows
            # in this window, which must be able to come in front of it.
            window = self.lineage_window = LineageWindow(self.backend, loader, None)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.job_selected.connect(self._lineage_selected)
            window.open_job.connect(self._lineage_open)
            window.use_prompt.connect(self._restore_prompt)
        window.show_job(job_id)
        window.show()
        window.raise_()
        window.activateWindow()

    def _lineage_selected(self, job: JobRecord) -> None:
        """A step chosen in the lineage tree: its tile in the gallery where it is shown, and the
        detail panel either way."""
        if not self.gallery.select_job(job.id):
            self._job_selected(job)

    def _lineage_open(self, job: JobRecord) -> None:
        self.raise_()
        self.activateWindow()
        self.viewer.open_job(job)

    def _restore_prompt(self, text: str) -> None:
        self._use_prompt(text)
        self.show_composer(True)

    def _update_quota(self) -> None:
        from .dialogs.server_history import quota_text

        account = self.backend.account
        self.quota_label.setVisible(account is not None)
        if account is not None:
            self.quota_label.setText(quota_text(account))

    def show_first_run(self) -> None:
        from .dialogs.first_run import FirstRunDialog

        dialog = FirstRunDialog(self.backend.library, self)
        dialog.saved.connect(lambda _name: spawn(self.backend.reconfigure(), name="reconfigure"))
        dialog.demo_requested.connect(self.start_demo)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def start_demo(self) -> None:
        spawn(self._start_demo(), name="start-demo")

    async def _start_demo(self) -> None:
        await self.backend.start_demo()
        await self.backend.check_connection()

    def _update_status(self) -> None:
        demo = self.backend.is_demo
        self.setWindowTitle(self.tr("mjdesk — demo (built-in simulator)") if demo else self.tr("mjdesk"))
        # Both need the library, which opens just after the window shows.
        self.settings_action.setEnabled(self.backend.started)
        self.demo_action.setEnabled(self.backend.started and not demo)
        self.server_action.setEnabled(self.backend.started and self.backend.profile is not None)
        self.costs_action.setEnabled(self.backend.started)
        profile = self.backend.profile
        self.server_label.setText(
            self.tr("Server: {name} ({dialect})").format(name=profile.name, dialect=profile.dialect.value)
            if profile
            else self.tr("No server set up")
            if self.backend.started
            else ""
        )
        state = self.backend.connection
        texts = {
            ConnectionState.STARTING: self.tr("Starting…"),
            ConnectionState.NONE: self.tr("Not connected"),
            ConnectionState.CHECKING: self.tr("Checking the connection…"),
            ConnectionState.CONNECTED: self.tr("● Connected"),
            ConnectionState.KEY_REFUSED: self.tr("● The server refused the API key"),
            ConnectionState.UNREACHABLE: self.tr("● Server unreachable"),
            ConnectionState.NOT_ANSWERING: self.tr("● Server not answering — retrying in {seconds} s"),
            ConnectionState.UNREADABLE_ANSWER: self.tr("● Server sent an unreadable answer — retrying in {seconds} s"),
            ConnectionState.POLLING_FAILS: self.tr("● Asking the server failed — retrying in {seconds} s"),
        }
        colors = {
            ConnectionState.CONNECTED: tone("ok"),
            ConnectionState.KEY_REFUSED: tone("error"),
            ConnectionState.UNREACHABLE: tone("error"),
            ConnectionState.NOT_ANSWERING: tone("warning"),
            ConnectionState.UNREADABLE_ANSWER: tone("warning"),
            ConnectionState.POLLING_FAILS: tone("warning"),
        }
        # The next try is at most a few seconds away; rounded up so it never reads "0 s".
        seconds = max(1, math.ceil(self.backend.retry_in() or 0))
        text = texts[state].format(seconds=seconds)
        unreadable = self.backend.unreadable_tasks()
        if state is ConnectionState.CONNECTED and unreadable:
            text += " — " + self.tr("the server sent %n task(s) that cannot be read", "", unreadable)
        self.connection_label.setText(text)
        self.connection_label.setToolTip(self.backend.connection_detail)
        self.connection_label.setStyleSheet(f"color: {colors[state]};" if state in colors else "")

    def _server_health_changed(self, _health: object) -> None:
        # The tiles of that server's running jobs say "Waiting for the server…" (or resume).
        if self._gallery is not None:
            self._gallery.view.viewport().update()

    # -- closing --------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """With jobs still running, say what becomes of them and let the user stay. The question
        opens with open(), never exec(): a nested loop would stall every coroutine (docs/ARCHITECTURE.md)."""
        running, queued = self.backend.counts() if self.backend.started else (0, 0)
        if self._quit_confirmed or running + queued == 0:
            if self.lineage_window is not None and isValid(self.lineage_window):
                self.lineage_window.close()  # its own top-level window: it goes with this one
            super().closeEvent(event)
            return
        event.ignore()
        if self.quit_question is not None:
            self.quit_question.raise_()
            return
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Quit mjdesk"),
            self._quit_text(running + queued),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        quit_button = box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: object) -> None:
            self.quit_question = None
            if button is quit_button:
                self._quit_confirmed = True
                self.close()

        box.buttonClicked.connect(answered)
        box.rejected.connect(lambda: setattr(self, "quit_question", None))
        self.quit_question = box
        box.open()

    def _quit_text(self, unfinished: int) -> str:
        here = self.backend.waiting_here()
        # Worded to read right for any count: resources/translations.py extracts only
        # one-argument tr() calls, so tr's plural form (n) would never be translated.
        parts = []
        if unfinished > here:
            parts.append(
                self.tr(
                    "Jobs still running: {count}. They will continue on the server and be fetched the "
                    "next time you open mjdesk."
                ).format(count=unfinished - here)
            )
        if here:
            parts.append(
                self.tr(
                    "Jobs waiting in your queue: {count}. They stay queued and are sent the next time you open mjdesk."
                ).format(count=here)
            )
        return "\n\n".join(parts)

    def _job_maybe_charged(self, job: object) -> None:
        # A finished job may have cost quota: read it again, at most every 30 s.
        from .job_model import JobState

        if getattr(job, "state", None) in (JobState.SUCCESS, JobState.FAILED) and self.backend.account is not None:
            spawn(self.backend.refresh_account(at_most_every=30.0), name="quota")

    def _jobs_changed(self, _job: object) -> None:
        if isValid(self._jobs_timer) and not self._jobs_timer.isActive():
            self._jobs_timer.start()

    def _update_jobs(self, *_: object) -> None:
        running, queued = self.backend.counts()
        self.jobs_label.setText(
            self.tr("Jobs: {running} running, {queued} queued").format(running=running, queued=queued)
        )
