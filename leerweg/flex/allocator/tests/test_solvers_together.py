"""ortools and highspy bundle HiGHS libraries of their own; both must load in one process."""

import highspy
from ortools.graph.python import min_cost_flow


def test_both_solvers_solve_in_one_process():
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arc_with_capacity_and_unit_cost(0, 1, 2, 3)
    flow.set_node_supply(0, 2)
    flow.set_node_supply(1, -2)
    assert flow.solve() == flow.OPTIMAL
    assert flow.optimal_cost() == 6

    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.addVar(0, 3)
    highs.changeColCost(0, -1)
    highs.changeColIntegrality(0, highspy.HighsVarType.kInteger)
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert highs.getInfo().objective_function_value == -3
