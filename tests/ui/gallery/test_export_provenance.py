"""Every file that leaves the gallery (export, Save as, drag-out) carries its job's provenance inside;
the library's own file stays byte for byte what the server sent (issue 15)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from xml.etree import ElementTree as ET

from PIL import Image

from mjdesk.core.library import ImageKind, JobRecord
from mjdesk.ui.main_window import MainWindow

from ..conftest import until
from .test_actions import imagine

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
MJ = "{urn:mjdesk:provenance:1.0/}"


def decoded(path: Path) -> tuple[str, tuple[int, int], bytes]:
    with Image.open(path) as im:
        return im.mode, im.size, im.tobytes()


def xmp_fields(packet: str | bytes) -> dict[str, str]:
    root = ET.fromstring(packet.encode() if isinstance(packet, str) else packet)
    description = root.find(f".//{RDF}Description")
    assert description is not None
    out = {c.tag.split("}")[1]: (c.text or "") for c in description}
    dc = description.find("{http://purl.org/dc/elements/1.1/}description")
    out["dc:description"] = dc.find(f"{RDF}Alt/{RDF}li").text
    return out


def check_png(path: Path, job: JobRecord) -> None:
    with Image.open(path) as im:
        text = im.text
    assert text["Description"] == job.prompt
    assert text["parameters"].startswith(job.prompt + "\n")
    assert f"Task: {job.remote_id}" in text["parameters"] and f"Job: {job.id}" in text["parameters"]
    assert "Server: sim" in text["parameters"] and "Dialect: trueai" in text["parameters"]
    fields = xmp_fields(text["XML:com.adobe.xmp"])
    assert fields["dc:description"] == job.prompt
    assert fields["Task"] == job.remote_id and fields["Server"] == "sim"
    assert fields["CreatorTool"].startswith("mjdesk ")
    assert "127.0.0.1" not in str(text)  # the server's address never travels


async def test_export_save_as_and_drag_carry_provenance(live_window: MainWindow, tmp_path: Path) -> None:
    window = live_window
    window.services.settings.download_folder = str(tmp_path / "exports")
    job = await imagine(window, "a brass telescope on a chart table --ar 3:2")
    grid = job.image(ImageKind.GRID)
    before = hashlib.sha256(grid.path.read_bytes()).hexdigest()
    actions = window.gallery.job_actions

    actions.export.trigger()
    await until(lambda: any((tmp_path / "exports").glob("*.png")), what="the export")
    exported = next((tmp_path / "exports").glob("*.png"))
    check_png(exported, job)
    assert decoded(exported) == decoded(grid.path)

    actions.save_as.trigger()
    dialog = actions.dialog
    target = tmp_path / "saved" / "mine.png"
    target.parent.mkdir()
    dialog.fileSelected.emit(str(target))
    await until(target.exists, what="the saved file")
    check_png(target, job)

    # Drag-out: the selection prepared a copy with the provenance inside; the drag offers it.
    outbox = window.gallery.view.outbox
    await until(lambda: any(outbox.rglob("*.png")), what="the drag copy")
    mime = window.gallery.view.drag_mime()
    dragged = Path(mime.urls()[0].toLocalFile())
    assert dragged.is_relative_to(outbox)
    check_png(dragged, job)
    assert decoded(dragged) == decoded(grid.path)

    # The library keeps the server's bytes, and its integrity check still holds.
    assert hashlib.sha256(grid.path.read_bytes()).hexdigest() == before == grid.sha256
    assert window.backend.library.verify_files() == []


async def test_a_jpeg_result_is_exported_with_xmp_and_the_same_pixels(live_window: MainWindow, tmp_path: Path) -> None:
    window = live_window
    job = await imagine(window, "a fishing village at dawn")
    buf = io.BytesIO()
    Image.open(job.image(ImageKind.GRID).path).convert("RGB").save(buf, "JPEG", quality=90)
    library = window.backend.library
    jpeg = library.add_image(job.id, ImageKind.UPSCALE, buf.getvalue())  # a server that sends JPEGs
    job = library.job(job.id)
    folder = tmp_path / "jpeg-out"
    exported_counts: list[int] = []
    window.gallery.job_actions.exported.connect(lambda _folder, count: exported_counts.append(count))
    window.gallery.job_actions.export_jobs([job], folder)
    await until(lambda: bool(exported_counts), what="the export")
    out = next(folder.glob("*.jpg"))
    with Image.open(out) as im:
        fields = xmp_fields(im.info["xmp"])
        comment = im.getexif().get_ifd(0x8769)[0x9286]
    assert fields["dc:description"] == "a fishing village at dawn"
    assert fields["Task"] == job.remote_id and fields["Job"] == str(job.id) and fields["Image"] == "upscale"
    assert f"Task: {job.remote_id}" in comment[8:].decode("utf-16-be")
    assert decoded(out) == decoded(jpeg.path)
    assert out.read_bytes() != jpeg.path.read_bytes()
