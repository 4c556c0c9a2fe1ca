"""RouteState.evaluate for many nodes at once with numpy: same answers, bit for bit.

On large instances about 70 % of the search is spent re-scoring the best insertion of every unvisited
node after each change of a route: nodes x positions O(1) tests, each a few float operations that the
interpreter runs one at a time. Here they run as whole arrays. The operations and their order are those
of the pure-Python loop (IEEE doubles either way), ties go to the first position as there, so the
search takes the same decisions and only gets there sooner. Small batches stay in Python, where numpy's
fixed cost per call would dominate (the trip planner's problems are mostly small).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .problem import INFEASIBLE

if TYPE_CHECKING:
    from .model import Compiled

# Below this many (node, position) tests a batch is cheaper in plain Python (measured on pr14, see
# bench/RESULTS.md "TOPTW").
MIN_BATCH = 1000
# Problems with fewer candidate nodes never reach such batches: no arrays are built for them.
MIN_NODES = 50


class Kernel:
    """The compiled problem's matrices as arrays (built once per search) and the batched test."""

    __slots__ = ("dist", "dist_to", "emin", "lmax", "min_batch", "service", "single")

    def __init__(self, c: Compiled) -> None:
        self.dist = np.array(c.dist, dtype=np.float64)
        self.dist_to = np.ascontiguousarray(self.dist.T)
        self.service = np.array(c.service, dtype=np.float64)
        self.emin = [np.array(row, dtype=np.float64) for row in c.tour_emin]
        self.lmax = [np.array(row, dtype=np.float64) for row in c.tour_lmax]
        # Per tour: which nodes have at most one window there (None: all of them).
        self.single: list[list[bool] | None] = []
        for tw in c.tour_windows:
            flags = [len(w) <= 1 for w in tw]  # a node without one is never evaluated here
            self.single.append(None if all(flags) else flags)
        self.min_batch = MIN_BATCH

    def evaluate(
        self,
        tour: int,
        seq: list[int],
        route: tuple[list[float], list[float], list[float], list[float]],
        nodes: list[int],
        shifts: list[float],
        places: list[int],
    ) -> None:
        """shifts[k], places[k] = the best insertion of each single-window node k into the route
        (seq and its dep, arr, slack and ls lists; a route without multi-window visits)."""
        dep_l, arr_l, slack_l, ls_l = route
        last = len(seq) - 1
        if not nodes:
            return
        if len(dep_l) <= last:  # a tour that cannot go from start to end: times never computed
            for k in nodes:
                shifts[k], places[k] = INFEASIBLE, -1
            return
        ks = np.array(nodes, dtype=np.intp)
        order = np.array(seq, dtype=np.intp)
        dep = np.array(dep_l, dtype=np.float64)
        e = self.emin[tour][ks]
        lat = self.lmax[tour][ks]
        sk = self.service[ks]
        # The loop's position range starts before the first latest start after e + service (its end,
        # the last departure by the window's end, follows from a <= lat since travel is >= 0).
        lo = np.searchsorted(np.array(ls_l, dtype=np.float64), e + sk, side="left") - 1
        rows = np.ix_(ks, order)
        into = self.dist_to[rows]  # into[i, p] = travel from seq[p] to node i
        out = self.dist[rows]  # out[i, q] = travel from node i to seq[q]
        a = dep[None, :last] + into[:, :last]
        start = np.maximum(a, e[:, None])
        shift = start + sk[:, None] + out[:, 1:] - np.array(arr_l[1:])[None, :]
        ok = (a <= lat[:, None]) & (shift <= np.array(slack_l[1:])[None, :])
        ok &= np.arange(last)[None, :] >= lo[:, None]
        shift[~ok] = INFEASIBLE
        at = shift.argmin(axis=1)
        best = shift[np.arange(len(nodes)), at]
        for k, s, p in zip(nodes, best.tolist(), at.tolist(), strict=True):
            if s < INFEASIBLE:
                shifts[k] = s
                places[k] = p + 1
            else:
                shifts[k] = INFEASIBLE
                places[k] = -1
