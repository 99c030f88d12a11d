"""Where API keys live: the system keychain when one works, else a file only the user can read.

Real keyring backends throughout: ``fail`` (no keychain at all), ``null`` (a stand-in that
silently forgets), and the file-backed test keychain standing in for a working OS keychain.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail, null

from mjdesk.core import secrets
from mjdesk.core.library import Library
from mjdesk.core.paths import app_paths
from tests.support.file_keyring import FileKeyring

KEY = "sk-SECRET-5c1e9d7a"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@pytest.fixture(autouse=True)
def _restore_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def keychain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working keychain; its storage is outside the home folder, so home files can be grepped."""
    store = tmp_path / "os-keychain.json"
    monkeypatch.setenv("MJDESK_TEST_KEYRING", str(store))
    keyring.set_keyring(FileKeyring())
    return store


class ReadOnlyKeyring(FileKeyring):
    """Answers reads, refuses writes: a locked collection, or a user who said no."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError(f"refused to store {password}")


def key_file() -> Path:
    return app_paths().config / secrets.KEY_FILE_NAME


def files_under_home_containing(text: str) -> list[Path]:
    home = Path(os.environ["MJDESK_HOME"])
    return [p for p in home.rglob("*") if p.is_file() and text.encode() in p.read_bytes()]


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring], ids=["fail", "null"])
def test_without_a_keychain_the_key_goes_to_a_private_file(backend: type, caplog: pytest.LogCaptureFixture) -> None:
    keyring.set_keyring(backend())
    caplog.set_level(logging.DEBUG)
    status = secrets.status(refresh=True)
    assert status.store is secrets.Store.FILE and not status.keychain
    assert status.file == key_file()

    assert secrets.set_api_key("studio", KEY) is secrets.Store.FILE
    assert secrets.get_api_key("studio") == KEY
    assert files_under_home_containing(KEY) == [key_file()]  # the key file and nothing else
    assert KEY not in caplog.text
    if sys.platform != "win32":
        assert stat.S_IMODE(key_file().stat().st_mode) == 0o600
    assert secrets.status().file_profiles == ("studio",)

    secrets.delete_api_key("studio")
    assert secrets.get_api_key("studio") is None
    assert not key_file().exists()  # the last key gone: no empty file left behind


@posix_only
def test_the_key_file_is_never_readable_by_others_even_for_a_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Created 0600 (not chmod-ed afterwards), even under a permissive umask."""
    keyring.set_keyring(fail.Keyring())
    created: list[int] = []
    real_replace = os.replace

    def watching_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        created.append(stat.S_IMODE(os.stat(src).st_mode))  # the file as first written
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", watching_replace)
    old_umask = os.umask(0)
    try:
        secrets.set_api_key("studio", KEY)
        secrets.set_api_key("second", "sk-2")
    finally:
        os.umask(old_umask)
    assert created == [0o600, 0o600]
    assert stat.S_IMODE(key_file().stat().st_mode) == 0o600
    assert [p.name for p in key_file().parent.iterdir()] == [secrets.KEY_FILE_NAME]  # no temp file left


@posix_only
def test_a_key_file_opened_up_by_hand_is_made_private_again() -> None:
    keyring.set_keyring(fail.Keyring())
    secrets.set_api_key("studio", KEY)
    key_file().chmod(0o644)
    assert secrets.get_api_key("studio") == KEY
    assert stat.S_IMODE(key_file().stat().st_mode) == 0o600


def test_with_a_keychain_the_key_never_touches_a_file(keychain: Path) -> None:
    status = secrets.status(refresh=True)
    assert status.store is secrets.Store.KEYCHAIN and status.keychain
    assert secrets.set_api_key("studio", KEY) is secrets.Store.KEYCHAIN
    assert secrets.get_api_key("studio") == KEY
    assert files_under_home_containing(KEY) == []
    assert KEY in keychain.read_text(encoding="utf-8")


def test_keys_move_into_the_keychain_once_it_works(keychain: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    secrets.set_api_key("studio", KEY)
    secrets.set_api_key("second", "sk-second")
    assert secrets.status(refresh=True).file_profiles == ("second", "studio")

    keyring.set_keyring(FileKeyring())  # the keychain appears (unlocked, daemon started, ...)
    status = secrets.status(refresh=True)
    assert status.keychain and status.movable  # Settings offers "Move keys to the system keychain"
    # Reading a key moves it: keychain first, then the file, and the file entry is removed.
    assert secrets.get_api_key("studio") == KEY
    assert secrets.status().file_profiles == ("second",)
    assert secrets.move_to_keychain() == 1
    assert not key_file().exists()
    assert files_under_home_containing(KEY) == [] and files_under_home_containing("sk-second") == []
    assert secrets.get_api_key("second") == "sk-second"
    assert not secrets.status().movable


def test_a_keychain_that_refuses_to_store_falls_back_to_the_file(keychain: Path) -> None:
    keyring.set_keyring(ReadOnlyKeyring())
    assert secrets.status(refresh=True).keychain  # reads work: it looked fine up front
    assert secrets.set_api_key("studio", KEY) is secrets.Store.FILE
    assert secrets.get_api_key("studio") == KEY
    status = secrets.status()
    assert status.store is secrets.Store.FILE and status.file_profiles == ("studio",)
    with pytest.raises(secrets.SecretStoreError):
        secrets.move_to_keychain()  # says why instead of pretending; the key stays in the file
    assert secrets.get_api_key("studio") == KEY


def test_a_key_saved_in_the_keychain_replaces_an_older_copy_in_the_file(keychain: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    secrets.set_api_key("studio", "sk-old")
    keyring.set_keyring(FileKeyring())
    assert secrets.set_api_key("studio", KEY) is secrets.Store.KEYCHAIN
    assert not key_file().exists()
    assert secrets.get_api_key("studio") == KEY


def test_deleting_removes_the_key_from_both_stores(keychain: Path) -> None:
    secrets.set_api_key("studio", KEY)  # keychain
    keyring.set_keyring(fail.Keyring())
    secrets.set_api_key("studio", "sk-file-copy")  # and a copy in the file (keychain was away)
    keyring.set_keyring(FileKeyring())
    secrets.delete_api_key("studio")
    assert "mjdesk/studio" not in json.loads(keychain.read_text(encoding="utf-8"))
    assert secrets.get_api_key("studio") is None and not key_file().exists()


def test_a_damaged_key_file_is_reported_not_overwritten() -> None:
    keyring.set_keyring(fail.Keyring())
    secrets.set_api_key("studio", KEY)
    key_file().write_text("{ not json", encoding="utf-8")
    with pytest.raises(secrets.SecretStoreError):
        secrets.set_api_key("second", "sk-second")
    assert key_file().read_text(encoding="utf-8") == "{ not json"  # left for the user to look at
    assert secrets.get_api_key("studio") is None  # unreadable: no key, and no crash


def test_the_key_stays_out_of_settings_and_the_library(tmp_path: Path) -> None:
    from mjdesk.core import profiles, settings
    from mjdesk.core.api import Dialect, ServerProfile

    keyring.set_keyring(null.Keyring())
    paths = app_paths().ensure()
    with Library.open(paths) as lib:
        profiles.save(lib, ServerProfile(name="studio", base_url="https://gw.example", dialect=Dialect.NEW_API))
        secrets.set_api_key("studio", KEY)
    settings.save(paths, settings.Settings(theme="dark"))
    assert files_under_home_containing(KEY) == [key_file()]
    assert key_file().parent == paths.config
