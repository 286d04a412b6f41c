#!/usr/bin/env python3
"""Writes a workshop-allocation instance for the benchmarks, from a seed (same seed, same
file): P participants, W workshops in 2 time slots (W/2 each), every participant ranks 5
workshops per slot, drawn with Zipf-like popularity (weight 1/rank of popularity), and
the slot's seats total 1.1 per participant, shared evenly.

Format: "P W", then W lines "slot capacity", then P lines of ranked workshop numbers
(best first, both slots together).

Usage: make_allocation_instance.py PARTICIPANTS WORKSHOPS SEED > FILE
"""
import math, random, sys

participants, workshops, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
slots = 2
per_slot = workshops // slots
capacity = math.ceil(1.1 * participants / per_slot)
print(participants, per_slot * slots)
for slot in range(slots):
    for _ in range(per_slot):
        print(slot, capacity)
for _ in range(participants):
    choices = []
    for slot in range(slots):
        ids = list(range(slot * per_slot, (slot + 1) * per_slot))
        weights = [1.0 / (i + 1) for i in range(per_slot)]
        picked = []
        for _ in range(min(5, per_slot)):
            w = rng.choices(range(len(ids)), weights=weights)[0]
            picked.append(ids.pop(w)); weights.pop(w)
        choices += picked
    print(" ".join(map(str, choices)))
