"""Names made from server data stay one harmless component inside the chosen folder (issue 10, item 1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mjdesk.core.safefiles import (
    MAX_NAME_BYTES,
    UnsafePathError,
    inside,
    safe_file_name,
    safe_name,
    unique_path,
)

HOSTILE_IDS = [
    "/tmp/abs/X",
    "../../../../x",
    "..",
    ".",
    "CON",
    "nul.txt",
    "com1",
    "a\x00b",
    "line\nbreak",
    "x" * 10_000,
    "C:\\Windows\\x",
    "trailing. . ",
    "\u202eevil",
    "",
    "   ",
    "名前/猫",
]


@pytest.mark.parametrize("text", HOSTILE_IDS)
def test_a_hostile_id_becomes_one_safe_component(text: str) -> None:
    name = safe_name(text)
    assert name and "/" not in name and "\\" not in name and "\x00" not in name and "\n" not in name
    assert name not in (".", "..") and not name.startswith(".")
    assert not name.endswith((".", " "))
    assert name.split(".")[0].upper() not in ("CON", "NUL", "COM1")
    assert len(name.encode()) <= MAX_NAME_BYTES


def test_unicode_letters_and_digits_are_kept() -> None:
    assert safe_name("猫 cat 42") == "猫 cat 42"
    assert safe_name("名前/猫") == "名前_猫"


def test_a_long_name_is_cut_in_bytes_without_breaking_a_character() -> None:
    name = safe_file_name("猫" * 200, "png")
    assert name.endswith(".png") and len(name.encode()) <= MAX_NAME_BYTES
    name.encode().decode("utf-8")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_any_text_id_makes_a_valid_path_inside_the_folder(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    target = inside(folder, safe_file_name(text, "png"))
    assert target.parent == folder.resolve()
    # Valid for real: the OS accepts it as a file name.
    target.write_bytes(b"x")
    assert target.exists()
    target.unlink()


def test_inside_refuses_what_would_escape(tmp_path: Path) -> None:
    for name in ["../x", "/etc/passwd", "a/../../x"]:
        with pytest.raises(UnsafePathError):
            inside(tmp_path, name)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere / "x.png", tmp_path / "link.png")
    with pytest.raises(UnsafePathError):
        inside(tmp_path, "link.png")


def test_an_existing_file_is_never_chosen(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"old")
    taken: set[Path] = set()
    first = unique_path(tmp_path / "a.png", taken)
    second = unique_path(tmp_path / "a.png", taken)
    assert first.name == "a-2.png" and second.name == "a-3.png"
    assert (tmp_path / "a.png").read_bytes() == b"old"


def test_the_library_store_takes_only_hash_names_and_plain_extensions(tmp_path: Path) -> None:
    from mjdesk.core.library.files import FileStore

    store = FileStore(tmp_path / "files")
    digest = "a" * 64
    assert store.path_for(digest, "png").parent.parent.parent == tmp_path / "files"
    for sha, ext in [("../" + "a" * 61, "png"), (digest, "/../../x"), (digest, ".."), (digest, "")]:
        with pytest.raises(ValueError):
            store.path_for(sha, ext)
