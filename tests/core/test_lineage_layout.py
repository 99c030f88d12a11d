"""The lineage view's layout: generations as layers, siblings side by side in creation order, parents
centred over their children, and never two nodes on one spot — for any tree."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mjdesk.core.library import Library, LineageNode
from mjdesk.core.lineage_layout import TreeLayout, layout_tree, neighbour
from mjdesk.core.paths import app_paths


@dataclass
class Node:
    id: int
    kids: list[Node] = field(default_factory=list)


def _build(shape: list[int]) -> Node:
    """A tree from a parent list: node i+1's parent is shape[i] (always an earlier node)."""
    nodes = [Node(0)]
    for i, parent in enumerate(shape, start=1):
        node = Node(i)
        nodes[parent % i].kids.append(node)
        nodes.append(node)
    return nodes[0]


def _place(root: Node) -> TreeLayout[int]:
    return layout_tree(root, lambda n: n.kids, lambda n: n.id)


trees = st.lists(st.integers(min_value=0, max_value=10_000), max_size=80).map(_build)


@settings(max_examples=300, deadline=None)
@given(trees)
def test_no_two_nodes_overlap_and_every_node_is_placed(root: Node) -> None:
    placed = _place(root)
    count = 1 + len(placed.parents)
    assert len(placed.slots) == count
    by_depth: dict[int, list[float]] = {}
    for slot in placed.slots.values():
        by_depth.setdefault(slot.depth, []).append(slot.lane)
    for lanes in by_depth.values():
        lanes.sort()
        # A whole lane apart: the view's node is one lane high, so they never touch.
        assert all(b - a >= 1 for a, b in itertools.pairwise(lanes)), lanes
    assert max(s.depth for s in placed.slots.values()) == placed.depths - 1
    assert all(0 <= s.lane <= placed.lanes - 1 for s in placed.slots.values())


@settings(max_examples=200, deadline=None)
@given(trees)
def test_children_are_one_generation_down_in_order_with_the_parent_between_them(root: Node) -> None:
    placed = _place(root)
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(node.kids)
        if not node.kids:
            continue
        lanes = [placed.slots[k.id].lane for k in node.kids]
        assert lanes == sorted(lanes) and len(set(lanes)) == len(lanes)  # side by side, in order
        assert all(placed.slots[k.id].depth == placed.slots[node.id].depth + 1 for k in node.kids)
        assert lanes[0] <= placed.slots[node.id].lane <= lanes[-1]
        assert all(placed.parents[k.id] == node.id for k in node.kids)


def test_a_chain_is_one_straight_line_and_a_thousand_steps_need_no_recursion() -> None:
    root = _build(list(range(1000)))  # node i+1 under node i
    placed = _place(root)
    assert {s.lane for s in placed.slots.values()} == {0.0}
    assert placed.depths == 1001 and placed.lanes == 1


def test_keyboard_neighbours() -> None:
    #        0
    #      / | \
    #     1  2  3
    #    / \     \
    #   4   5     6
    root = _build([0, 0, 0, 1, 1, 3])
    placed = _place(root)
    assert neighbour(placed, 4, "parent") == 1 and neighbour(placed, 0, "parent") is None
    assert neighbour(placed, 0, "child") == 2  # the middle one
    assert neighbour(placed, 1, "child") in (4, 5)
    assert neighbour(placed, 2, "child") is None
    assert neighbour(placed, 1, "next") == 2 and neighbour(placed, 2, "next") == 3
    assert neighbour(placed, 3, "next") is None and neighbour(placed, 1, "previous") is None
    assert neighbour(placed, 5, "next") == 6  # across cousins
    assert neighbour(placed, 6, "previous") == 5


def test_siblings_stand_in_the_order_the_library_made_them(tmp_path: Path) -> None:
    lib = Library.open(app_paths(tmp_path / "home"))
    try:
        root = lib.add_job(profile="p", action="IMAGINE", prompt="castle").id
        made = [
            lib.add_job(
                profile="p", action="UPSCALE", parent_job_id=root, parent_button=f"MJ::JOB::upsample::{n}::h"
            ).id
            for n in (3, 1, 4, 2)
        ]
        grandchild = lib.add_job(
            profile="p", action="ZOOM", parent_job_id=made[2], parent_button="MJ::Outpaint::50::1::h"
        )
        tree = lib.lineage(grandchild.id)
        placed = layout_tree(tree, lambda n: n.children, lambda n: n.job.id)
        lanes = [placed.slots[i].lane for i in made]
        assert lanes == sorted(lanes)  # U3 (made first) first, whatever its number
        assert placed.slots[grandchild.id].depth == 2
        assert isinstance(tree, LineageNode)
    finally:
        lib.close()
