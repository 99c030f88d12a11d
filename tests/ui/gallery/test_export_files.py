"""The gallery's export names come from the prompt (server data): one safe component, never
overwriting what is in the folder (issue 10, item 1)."""

from __future__ import annotations

from pathlib import Path

from mjdesk.core.library import ImageKind, Library
from mjdesk.core.paths import app_paths
from mjdesk.core.safefiles import MAX_NAME_BYTES
from mjdesk.ui.gallery.files import Outgoing, copy_out, export_name


def test_export_names_are_safe_and_copies_never_overwrite(tmp_path: Path) -> None:
    library = Library.open(app_paths(tmp_path / "home").ensure())
    try:
        job = library.add_job(profile="p", action="IMAGINE", prompt="../../etc/passwd\x00\n" + "猫" * 5000)
        image = library.add_image(job.id, ImageKind.UPSCALE, b"\x89PNG\r\n\x1a\nimage")
        job = library.job(job.id)
    finally:
        library.close()
    name = export_name(job, image)
    assert "/" not in name and "\x00" not in name and "\n" not in name and not name.startswith(".")
    assert len(name.encode()) <= MAX_NAME_BYTES and name.endswith(".png")
    out = tmp_path / "out"
    out.mkdir()
    (out / name).write_bytes(b"mine")
    assert copy_out([Outgoing(image.path, out / name), Outgoing(image.path, out / name)]) == 2
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 3 and (out / name).read_bytes() == b"mine"
    assert all(len(f.encode()) <= MAX_NAME_BYTES for f in files)
