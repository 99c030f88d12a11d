"""Content-addressed files: ``<root>/ab/cd/<sha256>.<ext>``.

A file appears under its final name only complete, flushed to disk and with the hash its name
promises: it is written to a temporary file in the same folder, fsynced, re-read and hashed, then
renamed over the final name, and the folder is fsynced so the rename itself survives a power cut.
A crash at any point leaves at worst a ``.part-*`` file, which :meth:`FileStore.sweep_temp` removes.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import FileIntegrityError

_CHUNK = 1 << 20
TEMP_PREFIX = ".part-"

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
)


def sniff_extension(head: bytes) -> str:
    """The extension for content starting with ``head``; ``bin`` when unrecognised.

    Derived from the content only, so one hash always maps to one file name.
    """
    for magic, ext in _SIGNATURES:
        if head.startswith(magic):
            return ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        return "mp4"
    return "bin"


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    ext: str
    size: int
    path: Path


def _hash_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; NTFS journals the rename
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_SHA256 = re.compile(r"[0-9a-f]{64}")
_EXT = re.compile(r"[a-z0-9]{1,8}")


def content_path(root: Path, sha256: str, ext: str) -> Path:
    """Where content with this hash lives under ``root`` (no checks: for hashes the store wrote)."""
    return root / f"{sha256[:2]}/{sha256[2:4]}/{sha256}.{ext}"


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str, ext: str) -> Path:
        sha256 = sha256.lower()
        if not _SHA256.fullmatch(sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        if not _EXT.fullmatch(ext):  # one short component: never a separator or ".."
            raise ValueError(f"not a file extension: {ext!r}")
        return content_path(self.root, sha256, ext)

    def put(self, data: bytes | Path) -> StoredFile:
        """Store ``data`` (bytes, or a file to copy); a no-op when identical content is already there.

        An existing file whose content no longer matches its name is replaced, so storing the same
        content again repairs it.
        """
        if isinstance(data, bytes):
            sha256, size, head = hashlib.sha256(data).hexdigest(), len(data), data[:16]
        else:
            sha256, size = _hash_file(data)
            with data.open("rb") as fh:
                head = fh.read(16)
        ext = sniff_extension(head)
        final = self.path_for(sha256, ext)
        if not self._matches(final, sha256):
            self._write_atomically(final, data, sha256)
        return StoredFile(sha256=sha256, ext=ext, size=size, path=final)

    def verify(self, sha256: str, ext: str) -> bool:
        """True when the file exists and its content still has this hash."""
        return self._matches(self.path_for(sha256, ext), sha256)

    def remove(self, sha256: str, ext: str) -> None:
        self.path_for(sha256, ext).unlink(missing_ok=True)

    def iter_files(self) -> Iterator[tuple[str, str, Path]]:
        """``(sha256, ext, path)`` of every stored file (temporary files excluded)."""
        if not self.root.is_dir():
            return
        for path in self.root.glob("??/??/*"):
            if path.name.startswith(TEMP_PREFIX) or not path.is_file():
                continue
            sha256, _, ext = path.name.partition(".")
            if len(sha256) == 64:
                yield sha256, ext, path

    def sweep_temp(self, older_than_s: float = 3600.0) -> int:
        """Remove temporary files left by a crash; young ones may belong to a write in progress."""
        if not self.root.is_dir():
            return 0
        cutoff = time.time() - older_than_s
        removed = 0
        for path in self.root.glob(f"??/??/{TEMP_PREFIX}*"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue  # another process swept it first
        return removed

    @staticmethod
    def _matches(path: Path, sha256: str) -> bool:
        try:
            return _hash_file(path)[0] == sha256
        except FileNotFoundError:
            return False

    def _write_atomically(self, final: Path, data: bytes | Path, sha256: str) -> None:
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=final.parent)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                if isinstance(data, bytes):
                    out.write(data)
                else:
                    with data.open("rb") as src:
                        while chunk := src.read(_CHUNK):
                            out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            # Re-read what reached the file: catches a short write or a source file that changed
            # while it was copied, before the content gets a name that vouches for it.
            if _hash_file(tmp)[0] != sha256:
                raise FileIntegrityError(f"the written copy of {sha256} does not match its hash")
            os.replace(tmp, final)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _fsync_dir(final.parent)
