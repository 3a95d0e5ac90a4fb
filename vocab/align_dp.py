"""The dynamic programme under align.py: the cheapest chain of beads through two sequences
of units, and each bead's posterior probability over all chains (forward-backward).

A chain goes from cell (0, 0) to cell (n, m); a move from (i, j) takes a Korean and b
English units, as a bead of cost pair_cost(i, a, j, b), or skips one unit (1-0, 0-1).
Costs are -log probabilities, so a chain's cost is the sum of its beads' costs, and the
log-sum of exp(-cost) over all chains into a cell ("forward") is what the posterior needs.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

# Beyond this many cells the search keeps to a band of BAND units either side of the
# diagonal (work linear in the length), doubled while the best chain comes near its edge:
# a long one-sided stretch (an untranslated preface) moves the chain off the diagonal.
FULL_SEARCH_CELLS = 160_000
BAND = 40


def band_columns(i: int, n: int, m: int, band: int | None) -> list[int]:
    """Row i's cells (j) within `band` of the diagonal; all of them without a band."""
    if band is None:
        return list(range(m + 1))
    centre = i * m / max(n, 1)
    near = range(max(0, int(centre) - band - 2), min(m, int(centre) + band + 2) + 1)
    return [j for j in near if abs(j - centre) <= band + 1]


def best_chain(
    n: int,
    m: int,
    shapes: Sequence[tuple[int, int]],
    pair_cost: Callable[[int, int, int, int], float],
    skip_ko: Sequence[float],
    skip_en: Sequence[float],
) -> list[tuple[int, int, int, int, float]]:
    """The cheapest chain as beads (i, a, j, b, posterior), in order.

    Cell (i, j) is key i * width + j of dicts that hold only the reachable cells of the
    band; the width leaves room past column m, so a move from outside the table finds no
    cell.  The log-sums, log(e^x + e^y) kept exact by log1p, are written out inline: this
    is the aligner's innermost loop.
    """
    moves = [(1, 0), (0, 1), *shapes]
    width = m + 1 + max(b for _, b in moves)
    steps = [(k, a, b, a * width + b) for k, (a, b) in enumerate(moves)]
    inf, log1p, exp = math.inf, math.log1p, math.exp
    band = None if (n + 1) * (m + 1) <= FULL_SEARCH_CELLS else BAND
    while True:
        rows = [band_columns(i, n, m, band) for i in range(n + 1)]
        chains = {0: (0.0, 0.0)}  # cell -> (cost of the cheapest chain into it, forward)
        back: dict[int, int] = {}  # cell -> the move that ends the cheapest chain into it
        entry_costs: dict[int, list[float]] = {}  # cell -> each move's cost into it
        for i in range(n + 1):
            for j in rows[i]:
                cell = i * width + j
                cheapest, move, total, costs = inf, 0, -inf, [inf] * len(moves)
                for k, a, b, step in steps:
                    before = chains.get(cell - step)
                    if before is None:
                        continue
                    c = skip_en[j - 1] if a == 0 else skip_ko[i - 1] if b == 0 else pair_cost(i - a, a, j - b, b)
                    costs[k] = c
                    if c == inf:
                        continue
                    if before[0] + c < cheapest:
                        cheapest, move = before[0] + c, k
                    x = before[1] - c
                    if total == -inf:
                        total = x
                    else:
                        total = x + log1p(exp(total - x)) if x > total else total + log1p(exp(x - total))
                if cheapest < inf:
                    chains[cell], back[cell], entry_costs[cell] = (cheapest, total), move, costs
        path = [(n, m)]
        while path[-1] != (0, 0):
            i, j = path[-1]
            a, b = moves[back[i * width + j]]
            path.append((i - a, j - b))
        if band is None or band > max(n, m):  # no band, or one wider than the table
            break
        if all(abs(j - i * m / max(n, 1)) <= band - BAND // 4 for i, j in path):
            break  # the chain keeps clear of the band's edge
        band *= 2

    end = n * width + m
    backward = {end: 0.0}  # cell -> log-sum over the chains from it to the end
    for i in range(n, -1, -1):
        for j in reversed(rows[i]):
            cell = i * width + j
            if cell not in chains or cell == end:
                continue
            total = -inf
            for k, _, _, step in steps:
                after = backward.get(cell + step)
                if after is None or entry_costs[cell + step][k] == inf:
                    continue
                x = after - entry_costs[cell + step][k]
                if total == -inf:
                    total = x
                else:
                    total = x + log1p(exp(total - x)) if x > total else total + log1p(exp(x - total))
            if total != -inf:
                backward[cell] = total

    beads = []
    path.reverse()  # from (0, 0) to (n, m)
    for (i, j), (to_i, to_j) in zip(path, path[1:]):
        cell = to_i * width + to_j
        c = entry_costs[cell][back[cell]]
        posterior = math.exp(chains[i * width + j][1] - c + backward[cell] - chains[end][1])
        beads.append((i, to_i - i, j, to_j - j, min(1.0, posterior)))
    return beads
