"""Profiles round-trip through the library without losing a setting or storing a key."""

from __future__ import annotations

from pathlib import Path

import pytest

from mjdesk.core import profiles
from mjdesk.core.api import Dialect, Endpoint, ProxySetting, ServerProfile, SpeedMode, UrlRewrite
from mjdesk.core.library import Library, SecretInProfileError
from mjdesk.core.paths import app_paths


def test_every_setting_survives_the_library(tmp_path: Path) -> None:
    original = ServerProfile(
        name="studio",
        base_url="https://gw.example/api",
        dialect=Dialect.TRUEAI,
        speed=SpeedMode.RELAX,
        proxy=ProxySetting(kind="socks5", url="socks5://127.0.0.1:1080"),
        image_url_rewrite=UrlRewrite(kind="host", value="https://cdn.mirror", match="cdn.discordapp.com"),
        query_timeout=12.5,
        endpoints_override=frozenset({Endpoint.IMAGINE, Endpoint.FETCH}),
        max_running=3,
    )
    with Library.open(app_paths(tmp_path)) as lib:
        profiles.save(lib, original, is_default=True)
        assert profiles.load(lib, "studio") == original
        assert profiles.load(lib) == original  # the default
        assert profiles.load(lib, "missing") is None


def test_a_proxy_url_with_a_password_is_refused(tmp_path: Path) -> None:
    leaky = ServerProfile(
        name="p",
        base_url="https://gw.example",
        dialect=Dialect.NEW_API,
        proxy=ProxySetting(kind="http", url="http://me:hunter2@proxy.example:8080"),
    )
    with Library.open(app_paths(tmp_path)) as lib, pytest.raises(SecretInProfileError):
        profiles.save(lib, leaky)


@pytest.mark.parametrize(("saved", "cap"), [(3, 3), ("12", 12), (-2, 0), ("three", 0), (None, 0), (1e400, 0)])
def test_a_hand_edited_cap_is_read_as_a_count_or_as_none(saved: object, cap: int) -> None:
    data = ServerProfile(name="s", base_url="https://gw.example", dialect=Dialect.NEW_API).to_dict()
    data["max_running"] = saved
    assert ServerProfile.from_dict(data).max_running == cap
