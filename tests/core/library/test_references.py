"""The reference library and remembered upload links, in a real library."""

from __future__ import annotations

import pytest

from mjdesk.core.library import ImageKind, Library, NewImage

from .conftest import png


def test_references_keep_images_and_codes_named_tagged_and_weighted(lib: Library) -> None:
    tags = ["print", "Print", " warm "]
    style = lib.add_reference("sref", "Rusty poster", image=png("poster"), tags=tags, weight=250)
    code = lib.add_reference("sref", "Moebius code", code="3209421", tags=["line"])
    mood = lib.add_reference("p", "Studio moodboard", code="m7298392")
    assert style.is_image and style.image_path is not None and style.image_path.read_bytes() == png("poster")
    assert style.tags == ("print", "warm") and style.weight == 250  # tags deduplicated case-blind, trimmed
    assert not code.is_image and code.code == "3209421"
    assert [r.name for r in lib.references("sref")] == ["Moebius code", "Rusty poster"]  # newest first
    lib.touch_reference(style.id)
    assert lib.references("sref")[0].id == style.id  # just used: first
    assert [r.id for r in lib.references(search="LINE")] == [code.id]  # by tag, any case
    assert [r.id for r in lib.references(search="m729")] == [mood.id]  # by code
    renamed = lib.update_reference(style.id, name="Rust", tags=["poster"], weight=None)
    assert (renamed.name, renamed.tags, renamed.weight) == ("Rust", ("poster",), None)
    assert lib.update_reference(code.id, name="Moebius").tags == ("line",)  # the rest kept
    with pytest.raises(ValueError):
        lib.add_reference("sref", "nothing")
    with pytest.raises(ValueError):
        lib.add_reference("p", "an image where a code belongs", image=png("x"))


def test_a_references_image_outlives_jobs_that_share_it_and_goes_with_the_last_user(lib: Library) -> None:
    job = lib.add_job(profile="home", action="IMAGINE")
    lib.add_images(job.id, [NewImage(ImageKind.UPLOAD, png("shared"), index=1)])
    ref = lib.add_reference("cref", "Hero", image=png("shared"))
    path = ref.image_path
    assert path is not None
    assert lib.delete_plan([job.id]).files == 0  # "delete" says truly: this file stays
    lib.delete_jobs([job.id])
    assert path.exists()  # the reference still needs it
    assert lib.prune_files() == 0 and path.exists()
    lib.delete_reference(ref.id)
    assert not path.exists()


def test_upload_links_are_remembered_by_content_and_found_by_link(lib: Library) -> None:
    assert lib.upload_link("home", "ab" * 32) is None
    link = lib.remember_upload("home", "ab" * 32, "https://cdn.example/a.png?ex=1", 5_000)
    assert link.alive(1_000, margin_ms=1_000) and not link.alive(4_500, margin_ms=1_000)
    assert lib.upload_link_by_url("https://cdn.example/a.png?ex=1") == link
    assert lib.upload_link("work", "ab" * 32) is None  # per server
