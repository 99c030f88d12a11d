from __future__ import annotations

import dataclasses

import pytest

from mjdesk.core.library import Library, LibraryError, ProfileRecord, SecretInProfileError


def _profile(name: str = "home", **kw: object) -> ProfileRecord:
    settings = {"auth_style": "bearer", "speed": "fast", "proxy": {"kind": "system", "url": ""}, "query_timeout": 30.0}
    return ProfileRecord(name=name, base_url="https://mj.example.com", dialect="new-api", settings=settings, **kw)  # type: ignore[arg-type]


def test_profiles_round_trip(lib: Library) -> None:
    saved = lib.save_profile(_profile())
    assert saved.created_at is not None and saved.settings["proxy"] == {"kind": "system", "url": ""}
    assert lib.profile("home") == saved
    assert lib.profile("nope") is None
    updated = lib.save_profile(dataclasses.replace(saved, base_url="https://other.example"))
    assert updated.base_url == "https://other.example" and updated.created_at == saved.created_at
    assert [p.name for p in lib.profiles()] == ["home"]


def test_one_default_at_a_time(lib: Library) -> None:
    lib.save_profile(_profile("a", is_default=True))
    assert lib.default_profile().name == "a"
    lib.save_profile(_profile("b", is_default=True))
    assert lib.default_profile().name == "b"
    assert not lib.profile("a").is_default
    lib.delete_profile("b")
    assert lib.default_profile() is None


def test_deleting_a_profile_keeps_its_history(lib: Library) -> None:
    lib.save_profile(_profile("gone"))
    job = lib.add_job(profile="gone", action="IMAGINE", prompt="x").id
    assert lib.delete_profile("gone") and not lib.delete_profile("gone")
    assert lib.job(job).profile == "gone"


def test_rename_moves_jobs(lib: Library) -> None:
    lib.save_profile(_profile("old"))
    lib.save_profile(_profile("taken"))
    job = lib.add_job(profile="old", action="IMAGINE").id
    with pytest.raises(LibraryError):
        lib.rename_profile("old", "taken")
    lib.rename_profile("old", "new")
    assert lib.profile("old") is None and lib.job(job).profile == "new"
    with pytest.raises(LibraryError):
        lib.rename_profile("missing", "x")


@pytest.mark.parametrize(
    "settings",
    [
        {"api_key": "sk-abc"},
        {"apiKey": "abc"},
        {"key": "abc"},
        {"secret": "abc"},
        {"Mj-Api-Secret": "abc"},
        {"token": "abc"},
        {"headers": {"Authorization": "Bearer abc"}},
        {"password": "abc"},
        {"proxy": {"kind": "http", "url": "http://user:hunter2@proxy:8080"}},
        {"note": "sk-0123456789abcdefghijKLMN"},
        {"extra": [{"x": "Bearer abc.def"}]},
    ],
)
def test_settings_that_carry_a_credential_are_refused(lib: Library, settings: dict[str, object]) -> None:
    with pytest.raises(SecretInProfileError):
        lib.save_profile(ProfileRecord("p", "https://mj.example.com", "trueai", settings=settings))
    assert lib.profiles() == []


def test_a_credential_in_the_base_url_is_refused(lib: Library) -> None:
    with pytest.raises(SecretInProfileError, match="base_url"):
        lib.save_profile(ProfileRecord("p", "https://u:pw@mj.example.com", "trueai"))


def test_the_record_has_nowhere_to_put_a_key() -> None:
    names = {f.name.lower() for f in dataclasses.fields(ProfileRecord)}
    assert not any(word in name for name in names for word in ("key", "secret", "token", "password"))


def test_a_real_profile_round_trips_through_the_api_model(lib: Library) -> None:
    from mjdesk.core.api.profile import ProxySetting, ServerProfile

    profile = ServerProfile(
        name="np",
        base_url="https://np.example/mj",
        dialect="new-api",
        proxy=ProxySetting(kind="socks5", url="socks5://127.0.0.1:1080"),
    )
    data = profile.to_dict()
    saved = lib.save_profile(ProfileRecord(data.pop("name"), data.pop("base_url"), data.pop("dialect"), settings=data))
    restored = ServerProfile.from_dict(
        {"name": saved.name, "base_url": saved.base_url, "dialect": saved.dialect, **saved.settings}
    )
    assert restored == profile
