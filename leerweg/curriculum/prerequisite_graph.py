"""Cycles in the graph "goal → the goals it requires".

Plain Python, no ORM: the services pass in the edges they loaded.
"""

from collections.abc import Hashable, Iterable, Mapping

_IN_PROGRESS, _DONE = 1, 2


def find_cycle[Node: Hashable](
    edges: Mapping[Node, Iterable[Node]], starts: Iterable[Node] = ()
) -> list[Node] | None:
    """One cycle of the directed graph as a path that ends where it began, or None.

    Depth-first search with three colours (Cormen, Leiserson, Rivest and Stein,
    *Introduction to Algorithms*, §22.3): a node is unvisited, in progress (on
    the current path) or done. Reaching a node that is in progress closes a
    cycle; the path from that node to here is the cycle. Iterative, so a long
    chain of prerequisites cannot exhaust Python's recursion limit.

    Steps:
    1. Visit ``starts`` first, then every other node, in the order given, so
       the cycle reported is the one through the goal being changed.
    2. From each unvisited node, walk edges, keeping the path on a stack.
    3. An edge to an in-progress node: return the path from it, plus it again.
    4. A node whose edges are all walked is done and leaves the path.
    """
    state: dict[Node, int] = {}
    for root in [*starts, *edges]:
        if root in state:
            continue
        state[root] = _IN_PROGRESS
        path = [root]
        stack = [iter(edges.get(root, ()))]
        while stack:
            for child in stack[-1]:
                seen = state.get(child)
                if seen == _IN_PROGRESS:
                    return [*path[path.index(child) :], child]
                if seen is None:
                    state[child] = _IN_PROGRESS
                    path.append(child)
                    stack.append(iter(edges.get(child, ())))
                    break
            else:
                state[path.pop()] = _DONE
                stack.pop()
    return None
