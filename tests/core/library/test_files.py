from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from mjdesk.core.library import FileIntegrityError, FileStore, ImageKind, Library
from mjdesk.core.library import files as files_module

from .conftest import png


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_put_is_content_addressed_and_idempotent(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files")
    data = png("one")
    first = store.put(data)
    sha = _sha(data)
    assert first.path == tmp_path / "files" / sha[:2] / sha[2:4] / f"{sha}.png"
    assert first.path.read_bytes() == data and first.size == len(data)
    mtime = first.path.stat().st_mtime_ns
    assert store.put(data) == first
    assert first.path.stat().st_mtime_ns == mtime  # not rewritten
    assert store.verify(sha, "png")


def test_put_copies_a_file_and_sniffs_its_type(tmp_path: Path) -> None:
    src = tmp_path / "clip.mp4"
    src.write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(3_000_000))
    stored = FileStore(tmp_path / "files").put(src)
    assert stored.ext == "mp4" and stored.path.read_bytes() == src.read_bytes()
    assert stored.sha256 == _sha(src.read_bytes())


@pytest.mark.parametrize(
    ("head", "ext"),
    [
        (b"\xff\xd8\xff\xe0", "jpg"),
        (b"RIFF\0\0\0\0WEBPVP8 ", "webp"),
        (b"GIF89a", "gif"),
        (b"hello", "bin"),
    ],
)
def test_sniff_extension(head: bytes, ext: str) -> None:
    assert files_module.sniff_extension(head) == ext


def test_a_crash_before_the_rename_leaves_no_file_under_the_final_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FileStore(tmp_path / "files")
    data = png("crash")

    def crash(src: object, dst: object) -> None:
        raise KeyboardInterrupt("killed between write and rename")

    monkeypatch.setattr(files_module.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        store.put(data)
    monkeypatch.undo()
    final = store.path_for(_sha(data), "png")
    assert not final.exists()
    assert list(final.parent.iterdir()) == []  # the temporary file went too
    assert store.put(data).path.read_bytes() == data


def test_a_temp_file_left_by_a_killed_process_is_swept(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files")
    stored = store.put(png("x"))
    leftover = stored.path.parent / f"{files_module.TEMP_PREFIX}abc"
    leftover.write_bytes(b"half a fi")
    assert store.sweep_temp(older_than_s=3600) == 0  # might be a write in progress
    old = time.time() - 7200
    os.utime(leftover, (old, old))
    assert store.sweep_temp(older_than_s=3600) == 1
    assert not leftover.exists() and stored.path.exists()
    assert [sha for sha, _, _ in store.iter_files()] == [stored.sha256]


def test_a_short_write_is_caught_before_the_file_gets_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = FileStore(tmp_path / "files")
    data = png("short")
    real_fdopen = os.fdopen

    class Truncating:
        def __init__(self, fh):  # type: ignore[no-untyped-def]
            self.fh = fh

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, chunk: bytes) -> int:
            return self.fh.write(chunk[:-1])

        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            return getattr(self.fh, name)

    monkeypatch.setattr(files_module.os, "fdopen", lambda fd, mode: Truncating(real_fdopen(fd, mode)))
    with pytest.raises(FileIntegrityError):
        store.put(data)
    assert not store.path_for(_sha(data), "png").exists()


def test_verify_detects_corruption_and_put_repairs_it(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files")
    data = png("precious")
    stored = store.put(data)
    stored.path.write_bytes(data[:-1] + b"!")
    assert not store.verify(stored.sha256, "png")
    store.put(data)
    assert store.verify(stored.sha256, "png")
    stored.path.unlink()
    assert not store.verify(stored.sha256, "png")


def test_library_reports_corrupt_and_missing_files(lib: Library) -> None:
    job = lib.add_job(profile="p", action="IMAGINE").id
    good = lib.add_image(job, ImageKind.GRID, png("good"))
    bad = lib.add_image(job, ImageKind.UPSCALE, png("bad"))
    gone = lib.add_image(job, ImageKind.PREVIEW, png("gone"))
    bad.path.write_bytes(b"garbage")
    gone.path.unlink()
    assert {im.id for im in lib.verify_files()} == {bad.id, gone.id}
    assert good.path.exists()


def test_delete_removes_a_file_only_when_nothing_else_shares_it(lib: Library) -> None:
    a = lib.add_job(profile="p", action="IMAGINE").id
    b = lib.add_job(profile="p", action="IMAGINE").id
    shared_a = lib.add_image(a, ImageKind.GRID, png("shared"))
    shared_b = lib.add_image(b, ImageKind.UPLOAD, png("shared"), index=1)
    own = lib.add_image(a, ImageKind.THUMBNAIL, png("own"))
    assert shared_a.path == shared_b.path
    assert lib.delete_jobs([a]) == 1
    assert shared_b.path.exists() and not own.path.exists()
    assert lib.images(a) == []
    lib.delete_jobs([b])
    assert not shared_b.path.exists()


def test_delete_can_keep_files(lib: Library) -> None:
    a = lib.add_job(profile="p", action="IMAGINE").id
    image = lib.add_image(a, ImageKind.GRID, png("keep"))
    lib.delete_jobs([a], delete_files=False)
    assert image.path.exists()
    assert lib.prune_files() == 1  # ...until a prune finds it unreferenced
    assert not image.path.exists()


def test_a_rolled_back_delete_keeps_its_files(lib: Library) -> None:
    a = lib.add_job(profile="p", action="IMAGINE").id
    image = lib.add_image(a, ImageKind.GRID, png("rollback"))
    with pytest.raises(RuntimeError), lib.transaction():
        lib.delete_jobs([a])
        raise RuntimeError("abort")
    assert lib.job(a).images[0].path.exists() and image.path.exists()


def test_replacing_an_image_drops_the_old_file(lib: Library) -> None:
    a = lib.add_job(profile="p", action="IMAGINE").id
    first = lib.add_image(a, ImageKind.PREVIEW, png("10%"))
    second = lib.add_image(a, ImageKind.PREVIEW, png("60%"))
    assert [im.sha256 for im in lib.images(a)] == [second.sha256]
    assert not first.path.exists() and second.path.exists()


def test_add_image_rewrites_a_file_removed_under_it(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another process may delete the last reference to identical content between put() and the insert.
    a = lib.add_job(profile="p", action="IMAGINE").id
    data = png("race")
    real_put = lib.files.put
    calls = 0

    def put_then_lose(d: bytes | Path):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        stored = real_put(d)
        if calls == 1:
            stored.path.unlink()
        return stored

    monkeypatch.setattr(lib.files, "put", put_then_lose)
    image = lib.add_image(a, ImageKind.GRID, data)
    assert calls == 2 and image.path.read_bytes() == data
