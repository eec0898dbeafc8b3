"""Planning: targets, red-line constraints, restoration scenarios, yearly projection to 2060 and
allocation. Qt-free.

Flow: :func:`~.cohorts.build_cohorts` reads the aligned inputs once, block by block, into a
cohort table; a :class:`~.projection.Planner` projects scenarios on it year by year
(:meth:`~.projection.Planner.project`), writes per-pixel maps only for requested years
(:meth:`~.projection.Planner.write_maps`) and allocates actions
(:func:`~.allocation.allocate`); :func:`~.targets.status` compares a projection with targets;
:func:`~.constraints.plan_conflicts` checks an imported plan layer against the rules.
"""

from sinkmodels.planning.cohorts import CohortTable, PlanLayers, build_cohorts
from sinkmodels.planning.constraints import Conflicts, Rules, plan_conflicts
from sinkmodels.planning.projection import (
    ForestModel,
    Planner,
    Pools,
    Projection,
    chapman_richards_model,
)
from sinkmodels.planning.scenarios import Action, Scenario, load_actions, scenario_from_dict
from sinkmodels.planning.targets import Target, status, targets_from_project

__all__ = ["Action", "CohortTable", "Conflicts", "ForestModel", "PlanLayers", "Planner", "Pools",
           "Projection", "Rules", "Scenario", "Target", "build_cohorts",
           "chapman_richards_model", "load_actions", "plan_conflicts", "scenario_from_dict",
           "status", "targets_from_project"]
