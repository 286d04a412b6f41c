#!/usr/bin/env python3
"""Solves a workshop-allocation instance (see make_allocation_instance.py) whose i-th
workshop of every slot is a session of the same workshop, with OR-Tools' CP-SAT: the
reference for repeated workshops (never twice to one participant), which no flow models.
Cost rank² for a workshop of rank r in its slot, (K+1)² for none (K = 5 ranks), as in
allocation_ortools.py. Prints the optimum (or the best found and CP-SAT's bound) and the time.

Usage: allocation_cpsat.py FILE [SECONDS]
"""
import os, sys, time
from ortools.sat.python import cp_model

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import allocation_instance

start_all = time.perf_counter()
participants, workshops, info, choices = allocation_instance.read(sys.argv[1])
K = 5
slots = sorted({slot for slot, _ in info})
group, seen = [], {}
for slot, _ in info:
    group.append(seen.get(slot, 0)); seen[slot] = seen.get(slot, 0) + 1
model = cp_model.CpModel()
by_workshop = [[] for _ in range(workshops)]
objective = []
for p, ranked in enumerate(choices):
    by_group = {}
    for s in slots:
        mine = [w for w in ranked if info[w][0] == s]
        if not mine:
            continue
        xs = []
        for rank, w in enumerate(mine, start=1):
            x = model.new_bool_var("")
            xs.append(x); by_workshop[w].append(x); by_group.setdefault(group[w], []).append(x)
            objective.append((rank * rank - (K + 1) ** 2, x))
        objective.append(((K + 1) ** 2, 1))
        model.add_at_most_one(xs)
    for xs in by_group.values():
        if len(xs) > 1:
            model.add_at_most_one(xs)
for w, (slot, capacity) in enumerate(info):
    if by_workshop[w]:
        model.add(sum(by_workshop[w]) <= capacity)
constant = sum(c for c, x in objective if isinstance(x, int))
model.minimize(sum(c * x for c, x in objective if not isinstance(x, int)) + constant)
solver = cp_model.CpSolver()
solver.parameters.max_time_in_seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
solver.parameters.num_workers = 2
start = time.perf_counter()
status = solver.solve(model)
solve = time.perf_counter() - start
print(f"cp-sat: {solver.status_name(status).lower()}, cost {int(solver.objective_value)}, bound {int(solver.best_objective_bound)}, "
      f"solve {solve * 1000:.0f} ms, read+build+solve {(time.perf_counter() - start_all) * 1000:.0f} ms")
