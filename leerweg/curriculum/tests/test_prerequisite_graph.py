from leerweg.curriculum.prerequisite_graph import find_cycle


def test_a_tree_of_prerequisites_has_no_cycle():
    edges = {"c": ["a", "b"], "b": ["a"], "d": ["c", "a"]}
    assert find_cycle(edges) is None


def test_finds_a_cycle_as_a_closed_path():
    edges = {"a": ["b"], "b": ["c"], "c": ["a"]}
    cycle = find_cycle(edges)
    assert cycle is not None
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"a", "b", "c"}


def test_starts_where_asked_so_the_cycle_begins_at_the_changed_goal():
    edges = {"a": ["b"], "b": ["c"], "c": ["b"], "x": ["a"]}
    assert find_cycle(edges, starts=["c"]) == ["c", "b", "c"]


def test_a_goal_requiring_itself_is_a_cycle():
    assert find_cycle({"a": ["a"]}) == ["a", "a"]


def test_a_long_chain_does_not_hit_the_recursion_limit():
    edges = {n: [n + 1] for n in range(20_000)}
    assert find_cycle(edges) is None
    edges[20_000] = [0]
    cycle = find_cycle(edges)
    assert cycle is not None and len(cycle) == 20_002
