"""A full disk while results are stored is a recorded, resumable download failure (issue 10, item 2).

The disk is really full: the library's files folder is a 1 MB tmpfs (root in CI can mount one).
"""

from __future__ import annotations

from pathlib import Path

from mjdesk.core.jobs.downloads import store_results
from mjdesk.core.library import ImageKind, Library, NewImage
from mjdesk.core.paths import app_paths


def test_enospc_while_storing_is_a_clear_resumable_download_failure(tmp_path: Path, small_disk: Path) -> None:
    paths = app_paths(tmp_path / "home")
    paths.files.parent.mkdir(parents=True)
    paths.files.symlink_to(small_disk, target_is_directory=True)  # the files folder is on the full disk
    library = Library.open(paths)
    try:
        job = library.add_job(profile="p", action="IMAGINE")
        big = NewImage(ImageKind.UPSCALE, b"\x89PNG\r\n\x1a\n" + b"\x00" * (2 << 20), None, "http://x/a.png")
        record = store_results(library, job.id, [big], [])
        assert record.download_error is not None and "the disk is full" in record.download_error
        assert str(small_disk) in record.download_error or str(paths.files) in record.download_error
        assert "mjdesk-cli resume" in record.download_error
        assert record.downloaded_at is None
        assert not [p for p in small_disk.rglob("*") if p.is_file()]  # no half-written file left behind
        # Space again: the same results store fine and the failure is gone.
        small = NewImage(ImageKind.UPSCALE, b"\x89PNG\r\n\x1a\nsmall", None, "http://x/a.png")
        record = store_results(library, job.id, [small], [])
        assert record.download_error is None and record.downloaded_at is not None
    finally:
        library.close()
