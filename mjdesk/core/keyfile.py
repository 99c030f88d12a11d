"""The fallback key store: one JSON file in the config folder that only the user can read.

Used only where no system keychain works (minimal Linux desktops, WSL, containers); see
``secrets``, which decides. The file is always written whole, to a new file created with mode
0600 (``mkstemp``) and then renamed over the old one, so it is never readable by others, not even
for a moment, and never half-written. Nothing here logs a key or puts one in an exception.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
import tempfile
import threading
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "api-keys.json"
_FORMAT = 1
_NOTE = (
    "mjdesk keeps API keys here because no system keychain worked. Only you can read this "
    "file; do not share or sync it."
)

# One writer at a time within the process (the window saves from worker threads).
_lock = threading.Lock()


class KeyFileError(OSError):
    """The file exists but cannot be read as a key file (damaged or not ours)."""


class KeyFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[str, str]:
        """profile name -> key; empty when there is no file. Raises OSError / KeyFileError."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        self._make_private()
        try:
            data = json.loads(raw)
            keys = data["keys"]
            if not isinstance(keys, dict):
                raise TypeError("keys is not an object")
        except (ValueError, KeyError, TypeError) as exc:
            # The message says where and what kind, never the contents (they may hold keys).
            raise KeyFileError(f"{self.path} is not a readable key file ({type(exc).__name__})") from None
        return {str(k): v for k, v in keys.items() if isinstance(v, str) and v}

    def get(self, name: str) -> str | None:
        return self.read().get(name)

    def put(self, name: str, key: str) -> None:
        with _lock:
            keys = self.read()  # a damaged file raises here: never overwrite what we cannot read
            keys[name] = key
            self._write(keys)

    def remove(self, name: str) -> bool:
        """Forget ``name``; True when it was there. The file goes when its last key does."""
        with _lock:
            keys = self.read()
            if keys.pop(name, None) is None:
                return False
            if keys:
                self._write(keys)
            else:
                self.path.unlink(missing_ok=True)
            return True

    def _write(self, keys: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"format": _FORMAT, "note": _NOTE, "keys": keys}, ensure_ascii=False, indent=1)
        # mkstemp creates the file with O_EXCL and mode 0600 whatever the umask: private from birth.
        fd, tmp = tempfile.mkstemp(prefix=".api-keys-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(body)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _make_private(self) -> None:
        # Copied from a backup or opened up by hand: close it again before trusting it with more.
        if sys.platform == "win32":
            return  # no POSIX modes; the file sits in the user's own profile folder
        try:
            mode = stat.S_IMODE(self.path.stat().st_mode)
            if mode & 0o077:
                self.path.chmod(0o600)
                log.warning("the key file %s was readable by others (mode %o); made it private", self.path, mode)
        except OSError as exc:
            log.warning("could not check the mode of the key file %s: %s", self.path, type(exc).__name__)
