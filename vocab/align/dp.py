"""The dynamic programme under align.py: the cheapest chain of beads through two sequences
of units, and each bead's posterior probability over all chains (forward-backward).

A chain goes from cell (0, 0) to cell (n, m); a move from (i, j) takes a Korean and b
English units, as a bead of cost given by pair_costs(a, b, …), or skips one unit (1-0, 0-1).
Costs are -log probabilities, so a chain's cost is the sum of its beads' costs, and the
log-sum of exp(-cost) over all chains into a cell ("forward") is what the posterior needs.

This is the aligner's hot loop, so it is laid out for Python's sake: the table is kept
row by row (row i: i Korean units taken), each row a run of columns in lists; bead costs
come a shape at a time (one call each, not one per cell: the calls cost as much as the
work); and a row's cells read every move's predecessor and cost by index from lists set
up once per row (_forward), so that the innermost loop makes no call but exp and log1p.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

# Beyond this many cells the search keeps to a band of BAND units either side of the
# diagonal (work linear in the length), doubled while the best chain comes near its edge:
# a long one-sided stretch (an untranslated preface) moves the chain off the diagonal.
FULL_SEARCH_CELLS = 160_000
BAND = 40

# pair_costs(a, b, rows): for each (i, first, last) of rows, the costs of the beads
# ko[i:i+a] ↔ en[j:j+b] for j in first..last, as a list: one call per shape, not one per cell.
PairCosts = Callable[[int, int, Sequence[tuple[int, int, int]]], list]


def band_columns(i: int, n: int, m: int, band: int | None) -> list[int]:
    """Row i's cells (j) within `band` of the diagonal; all of them without a band."""
    if band is None:
        return list(range(m + 1))
    centre = i * m / max(n, 1)
    near = range(max(0, int(centre) - band - 2), min(m, int(centre) + band + 2) + 1)
    return [j for j in near if abs(j - centre) <= band + 1]


def _bounds(n: int, m: int, band: int | None) -> list[tuple[int, int]]:
    """Each row's first and last column (band_columns gives a run without gaps)."""
    if band is None:
        return [(0, m)] * (n + 1)
    return [(columns[0], columns[-1]) for columns in (band_columns(i, n, m, band) for i in range(n + 1))]


def _aligned(values: list, start: int, first: int, last: int, fill: float) -> list:
    """values, whose element 0 stands for column `start`, read at columns first..last."""
    width = last - first + 1
    if start <= first:  # a plain slice, the usual case
        lined = values[first - start : first - start + width]
    elif start <= last:
        lined = [fill] * (start - first) + values[: width - (start - first)]
    else:
        return [fill] * width
    missing = width - len(lined)
    return lined + [fill] * missing if missing else lined


def best_chain(
    n: int,
    m: int,
    shapes: Sequence[tuple[int, int]],
    pair_costs: PairCosts,
    skip_ko: Sequence[float],
    skip_en: Sequence[float],
) -> list[tuple[int, int, int, int, float]]:
    """The cheapest chain as beads (i, a, j, b, posterior), in order."""
    moves = [(1, 0), (0, 1), *shapes]
    pad = max(b for _, b in moves)  # cells kept beside each row, so that no move reads past its ends
    band = None if (n + 1) * (m + 1) <= FULL_SEARCH_CELLS else BAND
    while True:
        bounds = _bounds(n, m, band)
        tables = _forward(n, moves, pad, bounds, pair_costs, skip_ko, skip_en)
        cheapest_rows, forward_rows, back_rows, cost_rows = tables
        if cheapest_rows[n][pad + m - bounds[n][0]] == math.inf:
            raise KeyError((n, m))  # no chain reaches the end: a band too narrow for its slope
        path = [(n, m)]
        while path[-1] != (0, 0):
            i, j = path[-1]
            a, b = moves[back_rows[i][j - bounds[i][0]]]
            path.append((i - a, j - b))
        if band is None or band > max(n, m):  # no band, or one wider than the table
            break
        if all(abs(j - i * m / max(n, 1)) <= band - BAND // 4 for i, j in path):
            break  # the chain keeps clear of the band's edge
        band *= 2

    backward_rows = _backward(n, m, moves, pad, bounds, cheapest_rows, cost_rows)
    total = forward_rows[n][pad + m - bounds[n][0]]
    beads = []
    path.reverse()  # from (0, 0) to (n, m)
    for (i, j), (to_i, to_j) in zip(path, path[1:]):
        to_x = to_j - bounds[to_i][0]
        c = cost_rows[to_i][back_rows[to_i][to_x]][to_x]
        posterior = math.exp(forward_rows[i][pad + j - bounds[i][0]] - c + backward_rows[to_i][to_x] - total)
        beads.append((i, to_i - i, j, to_j - j, min(1.0, posterior)))
    return beads


def _log_sum(total: float, x: float, log1p=math.log1p, exp=math.exp) -> float:
    """log(e^total + e^x), kept exact by log1p; a total of -inf is no chain yet."""
    if total == -math.inf:
        return x
    if x > total:
        return x + log1p(exp(total - x))
    return total + log1p(exp(x - total))


def _pair_tables(
    n: int, moves: Sequence[tuple[int, int]], bounds: Sequence[tuple[int, int]], pair_costs: PairCosts
) -> dict[tuple[int, int], dict[int, tuple[int, list[float]]]]:
    """Every bead's cost, a shape at a time, for the cells whose predecessor is in the band:
    shape -> destination row -> (its first such column, the costs from there)."""
    tables = {}
    for a, b in moves:
        if a and b:
            rows = []  # (start row, first column, last column) of the beads
            for i in range(a, n + 1):
                (first, last), (above_first, above_last) = bounds[i], bounds[i - a]
                low, high = max(first, above_first + b), min(last, above_last + b)
                if low <= high:
                    rows.append((i - a, low - b, high - b))
            costs = pair_costs(a, b, rows) if rows else []
            tables[a, b] = {i + a: (first + b, row_costs) for (i, first, _), row_costs in zip(rows, costs)}
    return tables


def _forward(
    n: int,
    moves: Sequence[tuple[int, int]],
    pad: int,
    bounds: Sequence[tuple[int, int]],
    pair_costs: PairCosts,
    skip_ko: Sequence[float],
    skip_en: Sequence[float],
) -> tuple[list[list[float]], list[list[float]], list[list[int]], list[list[list[float]]]]:
    """Row by row: the cheapest chain into each cell, the forward log-sum, the move that ends
    the cheapest chain, and each move's cost into each cell (for the backward pass).

    A row's cheapest and forward lists hold `pad` cells left of the row (outside the band,
    so no chain reaches them), then the row: the predecessor of cell x by a move that takes
    b English units is element x + pad - b of the row it comes from, read in place when
    the rows line up (no band) and from a copy lined up so otherwise.  Cost lists end with
    `pad` impossible beads, for the backward pass to read in the same way.
    """
    inf, no_chain, log_sum = math.inf, -math.inf, _log_sum
    tables = _pair_tables(n, moves, bounds, pair_costs)
    skip_en_costs = {}  # (first, last) -> the 0-1 move's costs along a row so bounded
    cheapest_rows: list[list[float]] = []
    forward_rows: list[list[float]] = []
    back_rows: list[list[int]] = []
    cost_rows: list[list[list[float]]] = []
    for i in range(n + 1):
        first, last = bounds[i]
        width = last - first + 1
        cheapest_row, forward_row, back_row = [inf] * (pad + width), [no_chain] * (pad + width), [0] * width
        if i == 0:
            cheapest_row[pad] = forward_row[pad] = 0.0  # cell (0, 0), where every chain starts
        costs_by_move: list[list[float]] = []
        incoming = []  # (move, predecessors' cheapest, their forward, offset of x, costs by x)
        for k, (a, b) in enumerate(moves):
            if a > i:
                costs_by_move.append([])
                continue
            if a == 0:  # 0-1: from the cell on the left, in this row
                if (first, last) not in skip_en_costs:
                    skip_en_costs[first, last] = _aligned(skip_en, 1, first, last + pad, inf)
                costs = skip_en_costs[first, last]
                incoming.append((k, cheapest_row, forward_row, pad - 1, costs))
            else:
                if b == 0:
                    costs = [skip_ko[i - 1]] * width + [inf] * pad
                elif i in tables[a, b]:
                    costs = _aligned(tables[a, b][i][1], tables[a, b][i][0], first, last + pad, inf)
                else:
                    costs = [inf] * (width + pad)
                above_cheapest, above_forward = cheapest_rows[i - a], forward_rows[i - a]
                if bounds[i - a] != bounds[i]:  # a band: line a copy up with this row
                    start = bounds[i - a][0] - pad  # the column of element 0 of the rows above
                    above_cheapest = _aligned(above_cheapest, start, first - pad, last, inf)
                    above_forward = _aligned(above_forward, start, first - pad, last, no_chain)
                incoming.append((k, above_cheapest, above_forward, pad - b, costs))
            costs_by_move.append(costs)
        for x in range(width):
            cheapest, move, total = inf, 0, no_chain
            for k, before_cheapest, before_forward, offset, costs in incoming:
                # No chain through an unreachable predecessor (inf, -inf) or an impossible bead
                # (cost inf): its sums come out inf and -inf, and count for nothing.
                c = costs[x]
                before = x + offset
                through = before_cheapest[before] + c
                if through < cheapest:
                    cheapest, move = through, k
                y = before_forward[before] - c
                if y != no_chain:
                    total = log_sum(total, y)
            if cheapest < inf:
                cheapest_row[pad + x], forward_row[pad + x], back_row[x] = cheapest, total, move
        cheapest_rows.append(cheapest_row)
        forward_rows.append(forward_row)
        back_rows.append(back_row)
        cost_rows.append(costs_by_move)
    return cheapest_rows, forward_rows, back_rows, cost_rows


def _backward(
    n: int,
    m: int,
    moves: Sequence[tuple[int, int]],
    pad: int,
    bounds: Sequence[tuple[int, int]],
    cheapest_rows: Sequence[list[float]],
    cost_rows: Sequence[list[list[float]]],
) -> list[list[float]]:
    """Each cell's log-sum over the chains from it to the end (-inf: none, or unreachable).

    A row's list ends with `pad` cells right of the row, so that the successor of cell x by
    a move that takes b English units is element x + b of its row, and the cost into it
    element x + b of that row's costs (as in _forward, in place or from a lined-up copy).
    """
    inf, no_chain, log_sum = math.inf, -math.inf, _log_sum
    backward_rows: list[list[float]] = [[]] * (n + 1)
    for i in range(n, -1, -1):
        first, last = bounds[i]
        width = last - first + 1
        backward_row = [no_chain] * (width + pad)
        end = m - first if i == n else -1
        if i == n:
            backward_row[end] = 0.0
        outgoing = []  # (successors' backward, costs into them, offset of x)
        for k, (a, b) in enumerate(moves):
            if i + a > n:
                continue
            if a == 0:  # 0-1: to the cell on the right, in this row
                outgoing.append((backward_row, cost_rows[i][k], 1))
                continue
            after, costs = backward_rows[i + a], cost_rows[i + a][k]
            if bounds[i + a] != bounds[i]:  # a band: line copies up with this row
                start = bounds[i + a][0]
                after = _aligned(after, start, first, last + pad, no_chain)
                costs = _aligned(costs, start, first, last + pad, inf)
            outgoing.append((after, costs, b))
        cheapest_row = cheapest_rows[i]
        for x in range(width - 1, -1, -1):
            if cheapest_row[pad + x] == inf or x == end:  # unreachable, or the end itself
                continue
            total = no_chain
            for after_row, costs, offset in outgoing:
                after = x + offset
                z = after_row[after] - costs[after]  # -inf: no chain from there, or an impossible bead
                if z != no_chain:
                    total = log_sum(total, z)
            if total != no_chain:
                backward_row[x] = total
        backward_rows[i] = backward_row
    return backward_rows
