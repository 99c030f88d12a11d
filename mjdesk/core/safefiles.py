"""File names from untrusted text, writes that stay inside a folder, and bounded reads of user files.

Two kinds of input reach the file system here. Server data (task ids, prompts) becomes file names:
a task id of ``../../x`` or ``/etc/x`` must not choose where a file lands, so every such name goes
through :func:`safe_name` and every final path through :func:`inside`. Files the user names on the
command line (batch files, images, masks) are read through :func:`read_capped`, so ``/dev/zero``, a
FIFO or a 50 GB file cannot hang the program or exhaust memory.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path

from mjdesk.core.i18n import QT_TRANSLATE_NOOP

# Most file systems allow 255 bytes per name; 120 leaves room for a suffix, an extension and
# the "-2" of a unique name, and keeps paths short enough for Windows' classic 260-character limit.
MAX_NAME_BYTES = 120

# Device names Windows reserves in every folder, with or without an extension ("CON.png" too).
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)
# Characters no file system in use takes in a name, or that a shell/Explorer treats specially.
_FORBIDDEN = set('/\\:*?"<>|')


class UnsafePathError(ValueError):
    """A path built from untrusted data would land outside its folder (refused, never written)."""


class UserFileError(ValueError):
    """A file the user named cannot be read as asked. ``str()`` is a complete one-line message."""

    def __init__(self, path: os.PathLike[str] | str, reason: str, **fields: object) -> None:
        self.path = os.fspath(path)
        self.reason = reason  # untranslated template, marked for translation where it is written
        self.fields = fields
        super().__init__(f"{self.path}: {reason.format(**fields)}")


def safe_name(text: str, *, fallback: str = "file", max_bytes: int = MAX_NAME_BYTES) -> str:
    """One valid, harmless path component made from ``text``.

    Unicode letters and digits stay (a Chinese prompt makes a Chinese name); path separators,
    control and format characters, characters Windows forbids and whitespace runs become ``_``;
    leading dots (hidden files, ``..``), trailing dots and spaces (Windows drops them) go; a name
    that is a reserved Windows device (``CON``, ``nul.txt``) gets a leading ``_``; the result is cut
    to ``max_bytes`` of UTF-8 without splitting a character. Never empty: ``fallback`` instead.
    """
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in _FORBIDDEN or (category[0] in "CZ" and ch != " "):
            # C*: control, format (bidi overrides), surrogates, unassigned; Z*: odd spaces, line breaks.
            ch = "_"
        out.append(ch)
    name = re.sub(r"_{2,}", "_", re.sub(r"\s+", " ", "".join(out)))
    name = _cut(name.lstrip(". "), max_bytes).rstrip(". ")
    if not name.strip("_ "):
        name = fallback
    if name.split(".", 1)[0].rstrip(" ").upper() in _RESERVED:
        name = _cut("_" + name, max_bytes).rstrip(". ")
    return name


def safe_file_name(stem: str, ext: str, *, fallback: str = "file", max_bytes: int = MAX_NAME_BYTES) -> str:
    """``safe_name(stem)`` + ``.ext``, the whole name within ``max_bytes``."""
    ext = safe_name(ext, fallback="bin", max_bytes=16).lstrip(".")
    room = max(8, max_bytes - len(ext.encode()) - 1)
    return f"{safe_name(stem, fallback=fallback, max_bytes=room)}.{ext}"


def _cut(text: str, max_bytes: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[:max_bytes].decode("utf-8", errors="ignore")


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, verified to lie directly inside ``folder`` once symlinks are resolved.

    Raises :class:`UnsafePathError` when it would not (a separator or ``..`` that slipped through,
    or a symlink in the folder pointing elsewhere).
    """
    base = folder.resolve()
    target = (base / name).resolve()
    if target.parent != base or not target.is_relative_to(base):
        raise UnsafePathError(f"refusing to write {name!r} outside {base}")
    return target


def unique_path(path: Path, taken: set[Path] | None = None, *, exists: Callable[[Path], bool] | None = None) -> Path:
    """``path``, or ``stem-2.ext``, ``stem-3.ext`` … : the first that exists neither on disk nor in ``taken``.

    Nothing is ever silently overwritten; ``taken`` holds names already chosen in this run.
    """
    taken = taken if taken is not None else set()
    exists = exists or os.path.lexists
    candidate, i = path, 2
    while candidate in taken or exists(candidate):
        tail = f"-{i}{path.suffix}"
        # Still within the cap: a name already at MAX_NAME_BYTES loses a little of its stem.
        stem = _cut(path.stem, MAX_NAME_BYTES - len(tail.encode())).rstrip(". ") or "file"
        candidate = path.with_name(stem + tail)
        i += 1
    taken.add(candidate)
    return candidate


def write_new(path: Path, write: Callable[[Path], object]) -> None:
    """Create ``path`` through a hidden temporary file in the same folder; fails if it appeared meanwhile.

    ``os.link`` makes the final step an atomic create-if-absent, so a file that another program
    created after :func:`unique_path` picked the name is not replaced. Falls back to a checked rename
    where hard links are unavailable (FAT, some network shares).
    """
    tmp = path.with_name(f".{path.name}.part")
    try:
        write(tmp)
        try:
            os.link(tmp, path)
        except OSError as exc:
            if exc.errno == errno.EEXIST:
                raise FileExistsError(errno.EEXIST, "the file already exists", str(path)) from None
            if path.exists():
                raise FileExistsError(errno.EEXIST, "the file already exists", str(path)) from None
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` through a synced temporary file and a rename: a crash leaves
    the old file or the new one, never half of either."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- bounded reads of files the user names ------------------------------------------------------------

MiB = 1 << 20


def regular_file(path: Path, limit: int) -> os.stat_result:
    """The stat of ``path`` if it is a regular file of at most ``limit`` bytes, else :class:`UserFileError`.

    Devices (``/dev/zero``), FIFOs and sockets are refused before they are opened: opening a FIFO
    blocks until someone writes, and a device never ends.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        raise UserFileError(path, QT_TRANSLATE_NOOP("UserFileError", "no such file")) from None
    except PermissionError:
        raise UserFileError(path, QT_TRANSLATE_NOOP("UserFileError", "permission denied")) from None
    except OSError as exc:
        raise UserFileError(
            path, QT_TRANSLATE_NOOP("UserFileError", "cannot read it ({error})"), error=exc.strerror or exc
        ) from None
    if stat.S_ISDIR(st.st_mode):
        raise UserFileError(path, QT_TRANSLATE_NOOP("UserFileError", "this is a folder, not a file"))
    if not stat.S_ISREG(st.st_mode):
        raise UserFileError(path, QT_TRANSLATE_NOOP("UserFileError", "not a regular file (a device, pipe or socket)"))
    if st.st_size > limit:
        raise too_large(path, st.st_size, limit)
    return st


def too_large(path: Path | str, size: int, limit: int) -> UserFileError:
    return UserFileError(
        path,
        QT_TRANSLATE_NOOP("UserFileError", "the file is too large ({size:.1f} MiB, the limit is {limit:g} MiB)"),
        size=size / MiB,
        limit=round(limit / MiB, 1),
    )


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of a user-named regular file, never more than ``limit`` (it may grow while read)."""
    regular_file(path, limit)
    try:
        # O_NONBLOCK: if the name was swapped for a FIFO since the stat, open does not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise UserFileError(
            path, QT_TRANSLATE_NOOP("UserFileError", "cannot read it ({error})"), error=exc.strerror or exc
        ) from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise UserFileError(
                path, QT_TRANSLATE_NOOP("UserFileError", "not a regular file (a device, pipe or socket)")
            )
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise UserFileError(
                path, QT_TRANSLATE_NOOP("UserFileError", "cannot read it ({error})"), error=exc.strerror or exc
            ) from None
    if len(data) > limit:
        raise too_large(path, len(data), limit)
    return data


# -- disk full ---------------------------------------------------------------------------------------

NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)})


def is_disk_full(exc: BaseException) -> bool:
    """True for the OS errors that mean "no room to write": disk full, quota, file size limit."""
    if isinstance(exc, OSError) and exc.errno in NO_SPACE_ERRNOS:
        return True
    # SQLite reports a full disk as its own error class with this text.
    return type(exc).__name__ in ("OperationalError", "DatabaseError") and "full" in str(exc).lower()
