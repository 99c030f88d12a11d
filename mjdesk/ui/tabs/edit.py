"""Edit: an image of your own, repainted where you paint (the rest kept), or retextured whole."""

from __future__ import annotations

import base64

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QWidget
from shiboken6 import isValid

from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.api.requests import EditsRequest, RetextureRequest, SubmitRequest
from mjdesk.core.text import clip

from ..asyncutil import spawn
from ..services import Services
from ..widgets.image_input import ImageInput
from .base import ActionTab


class EditTab(ActionTab):
    endpoint = Endpoint.EDITS

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        form = QFormLayout()
        self.mode = QComboBox(self)
        self.mode.addItem(self.tr("Repaint the painted area (Edit)"), Endpoint.EDITS.value)
        self.mode.addItem(self.tr("New surface for the whole image (Retexture)"), Endpoint.RETEXTURE.value)
        self.mode.setAccessibleName(self.tr("What to do with the image"))
        self.mode.currentIndexChanged.connect(self._mode_changed)
        form.addRow(self.tr("&Make"), self.mode)
        self.prompt = QPlainTextEdit(self)
        self.prompt.setPlaceholderText(self.tr("What the image should show, e.g. “a green velvet sofa”"))
        self.prompt.setAccessibleName(self.tr("Edit prompt"))
        self.prompt.setTabChangesFocus(True)
        self.prompt.setMaximumHeight(90)
        self.prompt.textChanged.connect(self.refresh)
        form.addRow(self.tr("&Prompt"), self.prompt)
        self.image = ImageInput(services.pool, title=self.tr("Your image"), max_count=1, parent=self)
        self.image.changed.connect(self._image_changed)
        form.addRow(self.image)
        area = QHBoxLayout()
        self.paint_button = QPushButton(self.tr("Paint the &area to repaint…"), self)
        self.paint_button.setAccessibleName(self.tr("Paint the area to repaint"))
        self.paint_button.clicked.connect(self.open_painter)
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.clear_button.setAccessibleName(self.tr("Clear the painted area"))
        self.clear_button.clicked.connect(self._clear_area)
        area.addWidget(self.paint_button)
        area.addWidget(self.clear_button)
        area.addStretch(1)
        form.addRow(self.tr("Area"), area)
        self.area_note = QLabel(self)
        self.area_note.setWordWrap(True)
        form.addRow("", self.area_note)
        self.form.addLayout(form)
        self.form.addStretch(1)
        self.erased: str | None = None  # the image with the painted area made transparent
        self.painter: QWidget | None = None
        self._show_area()
        self.refresh()

    # -- state ----------------------------------------------------------------------------------

    def _retexture(self) -> bool:
        return bool(self.mode.currentData() == Endpoint.RETEXTURE.value)

    def estimated_actions(self) -> list[str]:
        return ["RETEXTURE" if self._retexture() else "EDITS"]

    def _mode_changed(self) -> None:
        self._show_area()
        self.refresh()

    def _image_changed(self) -> None:
        self.erased = None  # painted on the image that was there
        self._show_area()
        self.refresh()

    def _clear_area(self) -> None:
        self.erased = None
        self._show_area()
        self.refresh()

    def _show_area(self) -> None:
        retexture = self._retexture()
        has_image = bool(self.image.images())
        self.paint_button.setEnabled(has_image and not retexture)
        self.clear_button.setEnabled(self.erased is not None and not retexture)
        if retexture:
            text = self.tr("Retexture keeps the shapes of the whole image and changes their surface.")
        elif self.erased is not None:
            text = self.tr("The painted area is erased and repainted; the rest of the image is kept.")
        else:
            text = self.tr("Nothing painted: the whole image is edited as the prompt says.")
        self.area_note.setText(text)

    # -- painting -------------------------------------------------------------------------------

    def open_painter(self) -> None:
        from ..mask.painter_dialog import VaryRegionDialog

        images = self.image.images()
        if not images:
            return
        data = base64.b64decode(images[0].data_url.split(",", 1)[1])
        dialog = VaryRegionDialog(QImage.fromData(data), parent=self.window(), for_edit=True)
        dialog.submitted.connect(lambda mask_url, _prompt: spawn(self._erase(mask_url), name="edit-erase"))
        dialog.finished.connect(dialog.deleteLater)
        self.painter = dialog
        dialog.open()

    async def _erase(self, mask_url: str) -> None:
        from mjdesk.core.imaging import erase_to_data_url

        images = self.image.images()
        if not images:
            return
        mask = base64.b64decode(mask_url.split(",", 1)[1])
        erased = await self.services.pool.run(erase_to_data_url, images[0].data_url, mask)
        if isValid(self) and self.image.images() == images:  # not another image meanwhile
            self.erased = erased
            self._show_area()
            self.refresh()

    # -- ActionTab ------------------------------------------------------------------------------

    def unsupported_reason(self) -> str | None:
        reason = super().unsupported_reason()
        profile = self.backend.profile
        if (
            reason is None
            and profile is not None
            and self._retexture()
            and Endpoint.RETEXTURE not in profile.capabilities
        ):
            return self.tr("This server ({dialect}) does not offer Retexture; Edit works here.").format(
                dialect=profile.dialect.value
            )
        return reason

    def validation_reason(self) -> str | None:
        if self.image.busy:
            return self.tr("Wait until the image is ready.")
        if self.image.errors:
            return self.tr("Replace the image that could not be used.")
        if not self.image.images():
            return self.tr("Add the image to edit.")
        if not self.prompt.toPlainText().strip():
            return self.tr("Say what the image should show.")
        return None

    def build_request(self) -> SubmitRequest:
        prompt = self.prompt.toPlainText().strip()
        if self._retexture():
            return RetextureRequest(prompt=prompt, image=self.image.images()[0].data_url)
        return EditsRequest(prompt=prompt, image=self.erased or self.image.images()[0].data_url)

    def job_title(self) -> str:
        return clip(self.prompt.toPlainText().strip(), 80)
