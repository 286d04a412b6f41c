"""Reads a workshop-allocation instance written by make_allocation_instance.py: shared by
the reference solvers (allocation_ortools.py, allocation_cpsat.py)."""


def read(path):
    """Returns (participants, workshops, info, choices): info[w] = (slot, capacity),
    choices[p] = the workshops p ranked, best first, all slots together."""
    with open(path) as f:
        participants, workshops = map(int, f.readline().split())
        info = [tuple(map(int, f.readline().split())) for _ in range(workshops)]
        choices = [list(map(int, f.readline().split())) for _ in range(participants)]
    return participants, workshops, info, choices
