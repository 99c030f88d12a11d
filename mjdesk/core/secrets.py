"""API keys: in the system keychain when one works, else in a file only the user can read.

One entry per server profile. The keychain is checked up front (``status``): keyring's stand-in
backends (``fail``: there is none; ``null``: it silently forgets; ``keyrings.alt``: plaintext
files or a terminal password prompt) do not count, and a real backend must answer a read. Where
none works, keys go to ``keyfile`` (mode 0600 in the config folder) and the window says so; when a
keychain works again, a key read from the file moves into it. Reading looks in the keychain
first, then in the file; deleting removes both.

Every function may block (a keychain can ask the user to unlock it, or wait on D-Bus): the window
calls them from worker threads. ``folder`` is the config folder (default: ``app_paths().config``).

``keyring`` is imported lazily: it probes backends at import, which the CLI's fast paths
(``--version``, ``--help``) must not pay for.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from .i18n import QT_TRANSLATE_NOOP
from .keyfile import FILE_NAME as KEY_FILE_NAME
from .keyfile import KeyFile

__all__ = [
    "KEY_FILE_NAME",
    "SERVICE",
    "SecretStoreError",
    "Store",
    "StoreStatus",
    "cached_status",
    "delete_api_key",
    "get_api_key",
    "key_file_path",
    "keychain_backend_name",
    "move_to_keychain",
    "set_api_key",
    "status",
]

log = logging.getLogger(__name__)

SERVICE = "mjdesk"
_PROBE_ENTRY = "mjdesk-keychain-check"  # only ever read, never written


class SecretStoreError(RuntimeError):
    """Neither store could do what was asked. The message is an English template marked for
    translation (context "SecretStore"), with no key and no backend detail in it."""


class Store(Enum):
    KEYCHAIN = "keychain"
    FILE = "file"


@dataclass(frozen=True)
class StoreStatus:
    keychain: bool  # a system keychain works
    backend: str  # keyring's backend, for the log and "details"
    file: Path  # where keys go when no keychain works
    file_profiles: tuple[str, ...] = field(default=())  # profiles whose key is in that file

    @property
    def store(self) -> Store:
        """Where a key saved now would go."""
        return Store.KEYCHAIN if self.keychain else Store.FILE

    @property
    def movable(self) -> bool:
        """Keys wait in the file although a keychain works: offer to move them."""
        return self.keychain and bool(self.file_profiles)


# The last probe: (backend object, it works). Keyed on the object, so keyring.set_keyring() (a
# user's keyringrc, the tests) is noticed; a refresh re-probes the same one.
_probe: tuple[Any, bool] | None = None
_last: dict[Path, StoreStatus] = {}
_lock = threading.Lock()


def _keyring() -> Any:
    import keyring

    return keyring


def key_file_path(folder: Path | None = None) -> Path:
    if folder is None:
        from .paths import app_paths

        folder = app_paths().config
    return folder / KEY_FILE_NAME


def _file(folder: Path | None) -> KeyFile:
    return KeyFile(key_file_path(folder))


def _backend_name(backend: object) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _is_stand_in(backend: object) -> bool:
    """A backend that is no real keychain: storing a key there would fail, vanish, or sit in a
    plaintext file (keyrings.alt) or block on a terminal prompt (its encrypted file)."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return True
    if isinstance(backend, chainer.ChainerBackend):
        return all(_is_stand_in(b) for b in backend.backends)  # none chained: a stand-in too
    return type(backend).__module__.startswith("keyrings.alt")


def _keychain(*, refresh: bool = False) -> tuple[Any, bool]:
    """The active backend and whether it works, probing it once (again when ``refresh``)."""
    global _probe
    backend = _keyring().get_keyring()
    with _lock:
        if not refresh and _probe is not None and _probe[0] is backend:
            return backend, _probe[1]
    works = False
    if not _is_stand_in(backend):
        try:
            backend.get_password(SERVICE, _PROBE_ENTRY)
            works = True
        except Exception as exc:  # every backend raises its own types; their text may echo inputs
            log.info("the system keychain (%s) does not answer: %s", _backend_name(backend), type(exc).__name__)
    _set_probe(backend, works)
    return backend, works


def _set_probe(backend: object, works: bool) -> None:
    global _probe
    with _lock:
        if _probe is None or _probe[0] is not backend or _probe[1] != works:
            log.info(
                "API keys are kept in %s",
                f"the system keychain ({_backend_name(backend)})"
                if works
                else "the key file (no system keychain works)",
            )
        _probe = (backend, works)


def status(folder: Path | None = None, *, refresh: bool = False) -> StoreStatus:
    """Where keys are kept, probing the keychain if it was not yet (or ``refresh``). May block."""
    backend, works = _keychain(refresh=refresh)
    path = key_file_path(folder)
    try:
        in_file = tuple(sorted(KeyFile(path).read()))
    except OSError as exc:
        log.warning("the key file %s cannot be read: %s", path, exc)
        in_file = ()
    found = StoreStatus(keychain=works, backend=_backend_name(backend), file=path, file_profiles=in_file)
    with _lock:
        _last[path] = found
    return found


def cached_status(folder: Path | None = None) -> StoreStatus | None:
    """The last ``status`` for this folder, without probing or reading anything (for the GUI
    thread); None when none was taken yet or the keychain backend changed since."""
    with _lock:
        found = _last.get(key_file_path(folder))
        probe = _probe
    if found is None or probe is None:
        return None
    return found if _keyring().get_keyring() is probe[0] else None  # initialised: a cheap lookup


def _refresh_cache(folder: Path | None) -> None:
    path = key_file_path(folder)
    with _lock:
        known = path in _last
    if known:
        status(folder)  # the probe is cached: this only re-reads the small file


def get_api_key(profile: str, folder: Path | None = None) -> str | None:
    """The key: the keychain's, else the file's (moved into the keychain when one works now)."""
    backend, works = _keychain()
    failed = False
    if works:
        try:
            key: str | None = backend.get_password(SERVICE, profile)
        except Exception as exc:
            log.warning("the system keychain could not be read for %r: %s", profile, type(exc).__name__)
            key, failed = None, True
        if key:
            return key
    try:
        key = _file(folder).get(profile)
    except OSError as exc:
        log.warning("the key file cannot be read: %s", exc)
        key = None
    if key and works and not failed:
        _move(backend, profile, key, folder)
    if not key and failed:
        raise SecretStoreError(QT_TRANSLATE_NOOP("SecretStore", "The system keychain could not be read."))
    return key or None


def _move(backend: Any, profile: str, key: str, folder: Path | None) -> bool:
    """Put a file key into the keychain and, once it reads back, take it out of the file."""
    try:
        backend.set_password(SERVICE, profile, key)
        moved = backend.get_password(SERVICE, profile) == key
    except Exception as exc:
        log.warning("could not move the key of %r into the system keychain: %s", profile, type(exc).__name__)
        return False
    if not moved:
        log.warning("the system keychain did not keep the key of %r; it stays in the key file", profile)
        return False
    try:
        _file(folder).remove(profile)
    except OSError as exc:
        log.warning("the key of %r is in the keychain now but could not be removed from the key file: %s", profile, exc)
    else:
        log.info("moved the key of %r from the key file into the system keychain", profile)
    _refresh_cache(folder)
    return True


def set_api_key(profile: str, key: str, folder: Path | None = None) -> Store:
    """Store the key and say where it went: the keychain, or the file when none works (or the
    keychain refuses now, e.g. locked: then the status says FILE until a refresh)."""
    backend, works = _keychain()
    if works:
        try:
            backend.set_password(SERVICE, profile, key)
        except Exception as exc:
            log.warning(
                "the system keychain (%s) refused to store the key of %r: %s; using the key file",
                _backend_name(backend),
                profile,
                type(exc).__name__,
            )
            _set_probe(backend, False)
        else:
            try:  # an older copy in the file would outlive a key that changed
                _file(folder).remove(profile)
            except OSError as exc:
                log.warning("could not remove an older key of %r from the key file: %s", profile, exc)
            _refresh_cache(folder)
            return Store.KEYCHAIN
    try:
        _file(folder).put(profile, key)
    except OSError as exc:
        log.warning("the key file could not be written: %s", exc)
        raise SecretStoreError(
            QT_TRANSLATE_NOOP(
                "SecretStore",
                "No system keychain works, and the key file in the settings folder could not be written.",
            )
        ) from None
    _refresh_cache(folder)
    return Store.FILE


def delete_api_key(profile: str, folder: Path | None = None) -> None:
    """Forget the key in both stores; nothing stored is fine."""
    backend, works = _keychain()
    refused = False
    if works:
        try:
            backend.delete_password(SERVICE, profile)
        except _keyring().errors.PasswordDeleteError:
            pass  # nothing stored: already in the desired state
        except Exception as exc:
            log.warning("the system keychain refused to delete the key of %r: %s", profile, type(exc).__name__)
            refused = True
    try:
        _file(folder).remove(profile)
    except OSError as exc:
        log.warning("could not remove the key of %r from the key file: %s", profile, exc)
        raise SecretStoreError(
            QT_TRANSLATE_NOOP("SecretStore", "The key could not be removed from the key file in the settings folder.")
        ) from None
    _refresh_cache(folder)
    if refused:
        raise SecretStoreError(QT_TRANSLATE_NOOP("SecretStore", "The system keychain refused to delete the key."))


def move_to_keychain(folder: Path | None = None) -> int:
    """Move every key from the file into the keychain (which must work now); how many moved."""
    backend, works = _keychain(refresh=True)
    if not works:
        raise SecretStoreError(QT_TRANSLATE_NOOP("SecretStore", "No system keychain works on this computer."))
    try:
        keys = _file(folder).read()
    except OSError as exc:
        log.warning("the key file cannot be read: %s", exc)
        raise SecretStoreError(
            QT_TRANSLATE_NOOP("SecretStore", "The key file in the settings folder could not be read.")
        ) from None
    moved = sum(_move(backend, name, key, folder) for name, key in keys.items())
    status(folder)
    if moved < len(keys):
        raise SecretStoreError(
            QT_TRANSLATE_NOOP(
                "SecretStore", "The system keychain refused to store some keys; they stay in the key file."
            )
        )
    return moved


def keychain_backend_name() -> str:
    """A human name of the active backend, so settings can warn about an insecure or null one."""
    return _backend_name(_keyring().get_keyring())
