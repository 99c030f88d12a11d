"""A corrupt, empty, read-only or full library says which file, what is wrong and what to do
(issue 10, item 3). Real files; read-only and full use a small tmpfs (root in CI can mount one)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mjdesk.core.library import Library, LibraryUnusableError
from mjdesk.core.paths import AppPaths, app_paths


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return app_paths(tmp_path / "home").ensure()


def test_a_zero_byte_library_is_refused_and_kept(paths: AppPaths) -> None:
    paths.database.write_bytes(b"")
    with pytest.raises(LibraryUnusableError) as caught:
        Library.open(paths)
    message = str(caught.value)
    assert str(paths.database) in message and "empty (0 bytes)" in message and "backup" in message
    assert paths.database.stat().st_size == 0  # not silently replaced by a new empty library
    assert sorted(p.name for p in paths.data.iterdir()) == ["files", "library.sqlite3"]


def test_a_missing_library_is_still_created(paths: AppPaths) -> None:
    Library.open(paths).close()
    assert paths.database.stat().st_size > 0


@pytest.mark.parametrize("damage", ["garbage", "malformed"])
def test_a_damaged_library_names_the_file_and_is_left_alone(paths: AppPaths, damage: str) -> None:
    if damage == "garbage":
        paths.database.write_bytes(b"this is not sqlite at all" * 400)
    else:
        library = Library.open(paths)
        library.add_job(profile="p", action="IMAGINE", prompt="a cat")
        library.close()
        data = bytearray(paths.database.read_bytes())
        data[100:4096] = b"\xff" * 3996  # the first page's b-tree, past the valid header
        paths.database.write_bytes(bytes(data))
    before = paths.database.read_bytes()
    with pytest.raises(LibraryUnusableError) as caught:
        Library.open(paths).recent_jobs()
    assert str(paths.database) in str(caught.value) and "damaged" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert paths.database.read_bytes() == before


def test_a_home_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder")
    with pytest.raises(LibraryUnusableError) as caught:
        Library.open(app_paths(home))
    assert caught.value.usage and "--home" in str(caught.value)


def test_a_full_disk_names_the_library_and_loses_nothing(small_disk: Path) -> None:
    paths = app_paths(small_disk / "home").ensure()
    library = Library.open(paths)
    try:
        kept = library.add_job(profile="p", action="IMAGINE", prompt="kept")
        with (small_disk / "filler").open("wb") as fh:  # fill what is left, for real
            try:
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
            except OSError:
                pass
        with pytest.raises(LibraryUnusableError) as caught:
            for _ in range(200):
                library.add_job(profile="p", action="IMAGINE", prompt="x" * 4000)
        assert "is full" in str(caught.value) and str(paths.database) in str(caught.value)
        (small_disk / "filler").unlink()
        assert library.job(kept.id).prompt == "kept"
    finally:
        library.close()


def test_a_read_only_library_says_so(small_disk: Path, tmp_path: Path) -> None:
    paths = app_paths(small_disk / "home").ensure()
    Library.open(paths).close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        with pytest.raises(LibraryUnusableError) as caught:
            library = Library.open(paths)
            try:
                library.add_job(profile="p", action="IMAGINE")
            finally:
                library.close()
        assert "read-only" in str(caught.value) and str(paths.database) in str(caught.value)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=False)
    shutil.rmtree(paths.data)
