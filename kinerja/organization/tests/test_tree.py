"""Tree rules (cycles, materialised paths, depth) as pure functions: no database."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.organization.tree import depth_of, find_cycle, materialised_paths


def rotations(cycle: list[str]) -> list[list[str]]:
    """Every way to write the closed walk ``[a, b, c, a]`` starting from another member."""
    members = cycle[:-1]
    return [[*members[i:], *members[:i], members[i]] for i in range(len(members))]


def is_cycle_of(found: list[str] | None, parent_of: dict[str, str | None]) -> bool:
    """``found`` is a closed walk that follows ``parent_of`` from each key to its parent."""
    if found is None or len(found) < 2 or found[0] != found[-1]:
        return False
    return all(parent_of.get(child) == parent for child, parent in itertools.pairwise(found))


# --- find_cycle --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "parent_of",
    [
        pytest.param({}, id="empty"),
        pytest.param({"A": None}, id="one root"),
        pytest.param({"A": None, "B": None}, id="two roots"),
        pytest.param({"A": None, "B": "A", "C": "A", "D": "B"}, id="tree"),
        pytest.param({"D": "C", "C": "B", "B": "A", "A": None}, id="chain listed leaf first"),
        pytest.param({"A": None, "B": "A", "X": None, "Y": "X"}, id="forest"),
        pytest.param({"A": "OUTSIDE", "B": "A"}, id="parent that is not a key"),
        pytest.param({"A": "B", "B": "OUTSIDE", "OUTSIDE_2": "A"}, id="chain to an unknown root"),
    ],
)
def test_finds_no_cycle_in_an_acyclic_structure(parent_of):
    assert find_cycle(parent_of) is None


@pytest.mark.parametrize(
    ("parent_of", "cycle"),
    [
        pytest.param({"A": "A"}, ["A", "A"], id="self-loop"),
        pytest.param({"R": None, "B": "R", "A": "A"}, ["A", "A"], id="self-loop beside a tree"),
        pytest.param({"A": "B", "B": "A"}, ["A", "B", "A"], id="two-cycle"),
        pytest.param(
            {"A": "B", "B": "C", "C": "D", "D": "E", "E": "A"},
            ["A", "B", "C", "D", "E", "A"],
            id="long cycle",
        ),
        pytest.param(
            {"T1": "T2", "T2": "A", "A": "B", "B": "C", "C": "A"},
            ["A", "B", "C", "A"],
            id="cycle reachable from a tail",
        ),
        pytest.param(
            {"R": None, "X": "R", "A": "B", "B": "A"},
            ["A", "B", "A"],
            id="cycle after a sound tree",
        ),
    ],
)
def test_finds_a_cycle_without_its_tail(parent_of, cycle):
    found = find_cycle(parent_of)

    assert found in rotations(cycle)
    assert is_cycle_of(found, parent_of)


def test_a_cycle_is_found_wherever_the_walk_starts():
    # Given a cycle of three and a tail, listed in every possible order
    items = [("T", "A"), ("A", "B"), ("B", "C"), ("C", "A")]
    for shift in range(len(items)):
        parent_of: dict[str, str | None] = dict(items[shift:] + items[:shift])
        # When a cycle is looked for
        found = find_cycle(parent_of)
        # Then the same three-member cycle is returned, never the tail
        assert found in rotations(["A", "B", "C", "A"])


def test_a_long_chain_has_no_cycle_and_a_closed_one_has():
    chain: dict[str, str | None] = {f"N{i}": f"N{i - 1}" for i in range(1, 5000)}
    chain["N0"] = None
    assert find_cycle(chain) is None

    chain["N0"] = "N4999"
    found = find_cycle(chain)
    assert found is not None
    assert len(found) == 5001
    assert is_cycle_of(found, chain)


# --- materialised_paths ------------------------------------------------------------------


def test_paths_of_a_forest():
    parent_of: dict[str, str | None] = {
        "KEC": None,
        "SEK": "KEC",
        "KEL": "KEC",
        "KEL-SEK": "KEL",
        "LAIN": None,
    }

    assert materialised_paths(parent_of) == {
        "KEC": "/KEC/",
        "SEK": "/KEC/SEK/",
        "KEL": "/KEC/KEL/",
        "KEL-SEK": "/KEC/KEL/KEL-SEK/",
        "LAIN": "/LAIN/",
    }


def test_paths_do_not_depend_on_the_order_of_the_keys():
    parent_of: dict[str, str | None] = {"C": "B", "B": "A", "D": "A", "A": None}

    assert materialised_paths(parent_of) == {
        "A": "/A/",
        "B": "/A/B/",
        "C": "/A/B/C/",
        "D": "/A/D/",
    }


def test_paths_of_an_empty_structure():
    assert materialised_paths({}) == {}


def test_paths_of_a_deep_chain():
    # Given a chain 300 units deep, listed deepest first
    parent_of: dict[str, str | None] = {f"U{i}": f"U{i - 1}" for i in range(299, 0, -1)}
    parent_of["U0"] = None
    # When the paths are computed
    paths = materialised_paths(parent_of)
    # Then every unit's path names all its ancestors in order
    assert paths["U0"] == "/U0/"
    assert paths["U299"] == "/" + "/".join(f"U{i}" for i in range(300)) + "/"
    assert all(depth_of(paths[f"U{i}"]) == i for i in range(300))


@pytest.mark.parametrize(
    "parent_of",
    [
        pytest.param({"A": "GONE"}, id="root-level"),
        pytest.param({"A": None, "B": "A", "C": "GONE"}, id="beside a sound tree"),
        pytest.param({"C": "B", "B": "GONE", "A": None}, id="at the top of a chain"),
    ],
)
def test_paths_refuse_an_unknown_parent(parent_of):
    with pytest.raises(ValueError, match="unknown parent 'GONE'"):
        materialised_paths(parent_of)


@pytest.mark.parametrize(
    "parent_of",
    [
        pytest.param({"A": "A"}, id="self-loop"),
        pytest.param({"A": "B", "B": "A"}, id="two-cycle"),
        pytest.param({"R": None, "T": "A", "A": "B", "B": "C", "C": "A"}, id="behind a tail"),
    ],
)
def test_paths_refuse_a_cycle(parent_of):
    with pytest.raises(ValueError, match="cycle through"):
        materialised_paths(parent_of)


# --- depth_of ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "depth"),
    [
        ("/KEC/", 0),
        ("/KEC/KEL/", 1),
        ("/KEC/KEL/SEK/", 2),
        ("/A/B/C/D/E/F/", 5),
        ("/KEL-01.A_B/", 0),
    ],
)
def test_depth_counts_the_ancestors_in_the_path(path, depth):
    assert depth_of(path) == depth


# --- properties --------------------------------------------------------------------------


@st.composite
def forests(draw: st.DrawFn) -> dict[str, str | None]:
    """Acyclic: every unit's parent comes earlier in the list (or it is a root)."""
    size = draw(st.integers(0, 30))
    parent_of: dict[str, str | None] = {}
    for i in range(size):
        parent_index = draw(st.none() | st.integers(0, i - 1)) if i else None
        parent_of[f"U{i}"] = None if parent_index is None else f"U{parent_index}"
    order = draw(st.permutations(list(parent_of)))
    return {code: parent_of[code] for code in order}


@given(forests())
def test_any_forest_has_no_cycle_and_consistent_paths(parent_of):
    assert find_cycle(parent_of) is None

    paths = materialised_paths(parent_of)

    assert set(paths) == set(parent_of)
    for code, parent in parent_of.items():
        expected_prefix = "/" if parent is None else paths[parent]
        assert paths[code] == f"{expected_prefix}{code}/"
        assert depth_of(paths[code]) == (0 if parent is None else depth_of(paths[parent]) + 1)


@given(forests(), st.data())
def test_pointing_a_unit_at_its_own_descendant_makes_a_cycle(parent_of, data):
    # Given a forest with at least one unit
    if not parent_of:
        parent_of = {"U0": None}
    paths = materialised_paths(parent_of)
    unit = data.draw(st.sampled_from(sorted(parent_of)), label="moved unit")
    descendants = sorted(code for code, path in paths.items() if f"/{unit}/" in path)
    new_parent = data.draw(st.sampled_from(descendants), label="new parent")
    # When the unit is moved under itself or one of its descendants
    moved = {**parent_of, unit: new_parent}
    # Then a cycle through that unit is found, and no paths can be computed
    found = find_cycle(moved)
    assert is_cycle_of(found, moved)
    assert found is not None
    assert unit in found
    with pytest.raises(ValueError, match="cycle through"):
        materialised_paths(moved)
