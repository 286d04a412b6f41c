#!/usr/bin/env python3
"""Solves a workshop-allocation instance (see make_allocation_instance.py) with OR-Tools'
min-cost flow, the reference the allocation is compared with: cost rank² for a workshop of
rank r in its slot, (K+1)² for none (K = 5 ranks). Prints the optimum and the time.

Network: source → (participant, slot) [1 unit] → workshop [cost] or "none" of the slot
[cost (K+1)²] → sink [capacity]. Every participant-slot sends its unit.

Usage: allocation_ortools.py FILE
"""
import os, sys, time
from ortools.graph.python import min_cost_flow

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import allocation_instance

start_all = time.perf_counter()
participants, workshops, info, choices = allocation_instance.read(sys.argv[1])
K = 5
slots = sorted({slot for slot, _ in info})
flow = min_cost_flow.SimpleMinCostFlow()
source, sink = 0, 1
workshop_node = lambda w: 2 + w
none_node = lambda s: 2 + workshops + s
next_node = 2 + workshops + len(slots)
units = 0
for p, ranked in enumerate(choices):
    for s in slots:
        mine = [w for w in ranked if info[w][0] == s]
        if not mine:
            continue
        node = next_node; next_node += 1; units += 1
        flow.add_arc_with_capacity_and_unit_cost(source, node, 1, 0)
        for rank, w in enumerate(mine, start=1):
            flow.add_arc_with_capacity_and_unit_cost(node, workshop_node(w), 1, rank * rank)
        flow.add_arc_with_capacity_and_unit_cost(node, none_node(s), 1, (K + 1) ** 2)
for w, (slot, capacity) in enumerate(info):
    flow.add_arc_with_capacity_and_unit_cost(workshop_node(w), sink, capacity, 0)
for s in slots:
    flow.add_arc_with_capacity_and_unit_cost(none_node(s), sink, units, 0)
flow.set_node_supply(source, units)
flow.set_node_supply(sink, -units)
start = time.perf_counter()
status = flow.solve()
solve = time.perf_counter() - start
assert status == flow.OPTIMAL, status
print(f"ortools: cost {flow.optimal_cost()}, solve {solve * 1000:.1f} ms, read+build+solve {(time.perf_counter() - start_all) * 1000:.1f} ms")
