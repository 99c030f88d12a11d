from __future__ import annotations

from mjdesk.core.library import Library


def _child(lib: Library, parent: int, action: str, button: str) -> int:
    return lib.add_job(profile="p", action=action, parent_job_id=parent, parent_button=button).id


def test_four_level_family_tree(lib: Library) -> None:
    imagine = lib.add_job(profile="p", action="IMAGINE", prompt="castle").id
    u2 = _child(lib, imagine, "UPSCALE", "MJ::JOB::upsample::2::h")
    u4 = _child(lib, imagine, "UPSCALE", "MJ::JOB::upsample::4::h")
    region = _child(lib, u2, "INPAINT", "MJ::Inpaint::1::h::SOLO")
    zoom = _child(lib, region, "ZOOM", "MJ::Outpaint::50::1::h::SOLO")
    unrelated = lib.add_job(profile="p", action="IMAGINE", prompt="other").id

    assert [j.id for j in lib.ancestors(zoom)] == [imagine, u2, region, zoom]
    assert lib.parent(zoom).id == region and lib.parent(imagine) is None
    assert [j.id for j in lib.children(imagine)] == [u2, u4]
    assert lib.job(region).parent_button == "MJ::Inpaint::1::h::SOLO"

    tree = lib.lineage(region)  # asked from the middle, answered from the root
    assert tree.job.id == imagine
    assert [c.job.id for c in tree.children] == [u2, u4]
    assert [c.job.id for c in tree.children[0].children] == [region]
    assert [c.job.id for c in tree.children[0].children[0].children] == [zoom]
    assert {n.job.id for n in tree.walk()} == {imagine, u2, u4, region, zoom}
    assert unrelated not in {n.job.id for n in tree.walk()}


def test_deleting_a_parent_keeps_its_children_as_roots(lib: Library) -> None:
    imagine = lib.add_job(profile="p", action="IMAGINE", prompt="castle").id
    u1 = _child(lib, imagine, "UPSCALE", "MJ::JOB::upsample::1::h")
    lib.delete_jobs([imagine])
    assert lib.job(u1).parent_job_id is None
    assert lib.lineage(u1).job.id == u1
