"""Tree rules shared by the unit tree and the reporting line, as pure functions.

Both are "each node names at most one parent" structures; both must be free of cycles,
and the unit tree is stored with a materialised path of codes ("/KEC/KEL-01/").
"""

from collections.abc import Mapping

PATH_SEPARATOR = "/"


def find_cycle(parent_of: Mapping[str, str | None]) -> list[str] | None:
    """Return one cycle as a list of keys (``[a, b, a]``), or None when there is none.

    ``parent_of`` maps every key to its parent key, or None for a root. Parents that are
    not keys themselves are treated as roots (they are checked elsewhere). Runs in
    linear time: each key is walked at most once.
    """
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = known to reach a root
    for start in parent_of:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in parent_of and state.get(node) != 2:
            if state.get(node) == 1:
                cycle_start = walk.index(node)
                return [*walk[cycle_start:], node]
            state[node] = 1
            walk.append(node)
            node = parent_of[node]
        for visited in walk:
            state[visited] = 2
    return None


def materialised_paths(parent_of: Mapping[str, str | None]) -> dict[str, str]:
    """``{code: "/ROOT/.../code/"}`` for every key of an acyclic ``parent_of``.

    Raises ValueError on a cycle or a parent that is not a key.
    """
    paths: dict[str, str] = {}

    def path_of(code: str) -> str:
        chain: list[str] = []
        node: str | None = code
        while node is not None and node not in paths:
            if node not in parent_of:
                raise ValueError(f"unknown parent {node!r}")
            if node in chain:
                raise ValueError(f"cycle through {node!r}")
            chain.append(node)
            node = parent_of[node]
        prefix = paths[node] if node is not None else PATH_SEPARATOR
        for link in reversed(chain):
            prefix = f"{prefix}{link}{PATH_SEPARATOR}"
            paths[link] = prefix
        return paths[code]

    for code in parent_of:
        path_of(code)
    return paths


def depth_of(path: str) -> int:
    """0 for a root ("/A/"), 1 for its children, and so on."""
    return path.count(PATH_SEPARATOR) - 2
