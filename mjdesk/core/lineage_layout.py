"""Where each job of a family tree goes in the lineage view: a tidy layered layout.

Generations are layers (``depth``: the root is 0, its children 1, ...); within a layer every node
has a ``lane``. Leaves take consecutive lanes in the order given (children oldest first, as the
library hands them out), and a parent sits midway between its first and its last child, so a
chain is one straight line and siblings stand side by side in the order they were made.

Two nodes of a layer are always at least one lane apart: the subtrees of a layer cover disjoint,
ordered ranges of leaf lanes and each node lies within its own range. The view multiplies lanes and
depths by its node size plus a gap, so nodes never overlap whatever the tree.

No Qt here: the layout is tested on its own (tests/core/test_lineage_layout.py).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

N = TypeVar("N")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Slot:
    """A node's place: its generation and its lane (fractional for a parent of several children)."""

    depth: int
    lane: float


@dataclass(frozen=True)
class TreeLayout(Generic[K]):
    slots: dict[K, Slot]
    depths: int  # how many generations (1 for a lone root)
    lanes: int  # how many leaf lanes (1 for a lone root)
    parents: dict[K, K]  # child key -> parent key, for the edges

    def edges(self) -> list[tuple[K, K]]:
        """(parent, child) pairs, children in layout order."""
        return [(parent, child) for child, parent in self.parents.items()]


def layout_tree(root: N, children: Callable[[N], Sequence[N]], key: Callable[[N], K]) -> TreeLayout[K]:
    """Place every node under ``root``. ``children(node)`` in the order they should stand (oldest
    first); ``key(node)`` identifies a node in the result. Iterative: a chain of a thousand steps
    does not hit the recursion limit."""
    slots: dict[K, Slot] = {}
    parents: dict[K, K] = {}
    next_lane = 0
    deepest = 0
    # Post-order without recursion: (node, depth, children visited yet?)
    stack: list[tuple[N, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, expanded = stack.pop()
        kids = children(node)
        if not expanded and kids:
            stack.append((node, depth, True))
            for kid in reversed(kids):
                parents[key(kid)] = key(node)
                stack.append((kid, depth + 1, False))
            continue
        deepest = max(deepest, depth)
        if not kids:
            slots[key(node)] = Slot(depth, float(next_lane))
            next_lane += 1
        else:
            first, last = slots[key(kids[0])].lane, slots[key(kids[-1])].lane
            slots[key(node)] = Slot(depth, (first + last) / 2)
    return TreeLayout(slots, deepest + 1, max(1, next_lane), parents)


def neighbour(layout: TreeLayout[K], current: K, direction: str) -> K | None:
    """Keyboard walking: "parent", "child" (the middle one, as the eye reads it), "previous" /
    "next" (the nearest node of the same generation, lane before / after). None where there is
    nothing that way."""
    if direction == "parent":
        return layout.parents.get(current)
    slot = layout.slots[current]
    if direction == "child":
        kids = [k for k, p in layout.parents.items() if p == current]
        if not kids:
            return None
        return min(kids, key=lambda k: (abs(layout.slots[k].lane - slot.lane), layout.slots[k].lane))
    same = [(s.lane, k) for k, s in layout.slots.items() if s.depth == slot.depth and k != current]
    if direction == "previous":
        before = [item for item in same if item[0] < slot.lane]
        return max(before, key=lambda item: item[0])[1] if before else None
    if direction == "next":
        after = [item for item in same if item[0] > slot.lane]
        return min(after, key=lambda item: item[0])[1] if after else None
    raise ValueError(f"unknown direction {direction!r}")
