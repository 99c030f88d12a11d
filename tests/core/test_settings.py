"""Preferences file: defaults, round trip, atomic write, unknown keys kept, secrets refused."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from mjdesk.core import settings as store
from mjdesk.core.paths import app_paths
from mjdesk.core.settings import Settings, SettingsError


def test_defaults_without_a_file() -> None:
    s = store.load(app_paths().ensure())
    assert s == Settings()
    assert s.image_budget().max_side == 2048
    assert s.poll_policy().running_interval == 2.0


def test_round_trip_keeps_unknown_keys() -> None:
    paths = app_paths().ensure()
    store.settings_path(paths).write_text(json.dumps({"theme": "dark", "future_option": [1, 2]}))
    s = store.load(paths)
    assert s.theme == "dark" and s.extra == {"future_option": [1, 2]}
    changed = replace(s, language="zh_CN", poll_interval=1.5, image_max_mb=2.0)
    path = store.save(paths, changed)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["future_option"] == [1, 2] and data["language"] == "zh_CN"
    again = store.load(paths)
    assert again == changed
    assert again.image_budget().max_bytes == 2 * 1024 * 1024
    assert again.poll_policy().running_interval == 1.5 and again.poll_policy().waiting_interval == 5.0
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temp file left


def test_secrets_are_refused_and_never_loaded() -> None:
    paths = app_paths().ensure()
    with pytest.raises(SettingsError, match="keychain"):
        store.save(paths, Settings(extra={"api_key": "sk-123"}))
    assert not store.settings_path(paths).exists()
    store.settings_path(paths).write_text(json.dumps({"mj-api-secret": "x", "token": "y", "theme": "light"}))
    s = store.load(paths)
    assert s.extra == {} and s.theme == "light"


def test_bad_values_fall_back_one_by_one(tmp_path: Path) -> None:
    paths = app_paths().ensure()
    store.settings_path(paths).write_text(json.dumps({"theme": "purple", "poll_interval": 3, "language": "en"}))
    s = store.load(paths)
    assert s.theme == "system" and s.poll_interval == 3.0 and s.language == "en"
    store.settings_path(paths).write_text("{not json")
    assert store.load(paths) == Settings()


def test_limits_are_checked() -> None:
    with pytest.raises(SettingsError):
        Settings(image_max_mb=8, request_max_mb=4)
    with pytest.raises(SettingsError):
        Settings(poll_interval=0.1)
    assert Settings(download_folder="~/x").downloads() == Path("~/x").expanduser()


def test_the_release_feed_must_be_https_and_a_bad_one_falls_back() -> None:
    from mjdesk.core.updates import DEFAULT_FEED_URL

    with pytest.raises(SettingsError, match="https"):
        Settings(update_feed="http://feeds.example/mjdesk.json")
    loaded = Settings.from_json({"update_feed": "ftp://x/feed.json", "check_updates": False, "theme": "dark"})
    assert loaded.update_feed == DEFAULT_FEED_URL and loaded.check_updates is False and loaded.theme == "dark"
