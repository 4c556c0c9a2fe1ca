"""One tour under construction: its sequence, times and slack ("wait/maxshift" bookkeeping).

`seq[0]` is the tour's start place, `seq[-1]` its end place, the nodes lie between. For every position
q we keep the start of service `start[q]` (departure at q=0, arrival at the end), the wait before it,
the latest start of the window in use `late[q]`, and `ms[q]`, the largest delay of `start[q]` that keeps
this and every later position feasible without changing windows (Vansteenwegen et al. 2009). With one
window per node this makes an insertion test O(1) and exact; a node with several windows may also jump
to a later window, so when a multi-window node lies downstream a failed O(1) test is re-checked by
simulation.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from .model import Compiled, first_start
from .problem import INFEASIBLE

if TYPE_CHECKING:
    from .vector import Kernel

INF = INFEASIBLE


class RouteState:
    __slots__ = (
        "arr",
        "c",
        "cpos",
        "cshift",
        "cver",
        "dep",
        "emin",
        "freed_base",
        "freed_hi",
        "freed_lo",
        "kernel",
        "late",
        "lmax",
        "load",
        "ls",
        "ms",
        "multi",
        "score",
        "seq",
        "slack",
        "start",
        "tour",
        "version",
        "wait",
        "windows",
    )

    c: Compiled
    tour: int
    windows: tuple[tuple[tuple[float, float], ...], ...]  # per node, those of this tour only
    emin: tuple[float, ...]
    lmax: tuple[float, ...]
    seq: list[int]
    start: list[float]
    wait: list[float]
    late: list[float]
    ms: list[float]
    ls: list[float]  # start + ms: latest start; nondecreasing along the route
    # Derived, rebuilt (never mutated) by every refresh, so copies may share them:
    dep: list[float]  # start + service: leaves the position
    arr: list[float]  # start - wait: reaches the position
    slack: list[float]  # wait + ms: how much later the position may be reached
    load: int
    score: float
    multi: int  # last position holding a node with several windows, 0 when none
    # Cache of best insertions, kept by the search: cshift[k], cpos[k] are valid iff cver[k] == version.
    version: int
    cshift: list[float]
    cpos: list[int]
    cver: list[int]
    # Since version `freed_base`, removals only freed room for starts in [freed_lo, freed_hi]: a node
    # whose cached insertion was impossible at a version >= freed_base and whose windows miss that
    # interval still cannot be inserted (insertions never make room). Reset by the search.
    freed_base: int
    freed_lo: float
    freed_hi: float

    def __init__(self, c: Compiled, tour: int, nodes: list[int] | None = None) -> None:
        self.c = c
        self.tour = tour
        self.windows = c.tour_windows[tour]
        self.emin = c.tour_emin[tour]
        self.lmax = c.tour_lmax[tour]
        self.seq = [c.tour_start[tour], *(nodes or ()), c.tour_end[tour]]
        size = len(self.seq)
        self.start = [0.0] * size
        self.wait = [0.0] * size
        self.late = [0.0] * size
        self.ms = [0.0] * size
        self.ls = [0.0] * size
        self.load = sum(c.load[k] for k in self.seq[1:-1])
        self.score = sum(c.score[k] for k in self.seq[1:-1])
        self.multi = 0
        self.version = 0
        self.cshift = [INF] * c.n
        self.cpos = [-1] * c.n
        self.cver = [-1] * c.n
        self.freed_base = 1
        self.freed_lo = INF
        self.freed_hi = -INF
        self.dep, self.arr, self.slack = [], [], []
        self.kernel: Kernel | None = None  # set by the search on large problems (vector.py)
        if not self.refresh(0) and nodes:
            # An empty tour that cannot even go from start to end is kept, unused (nothing fits it).
            raise ValueError("infeasible route")

    def copy(self) -> RouteState:
        other = RouteState.__new__(RouteState)
        other.c = self.c
        other.tour = self.tour
        other.windows = self.windows
        other.emin = self.emin
        other.lmax = self.lmax
        other.seq = self.seq[:]
        other.start = self.start[:]
        other.wait = self.wait[:]
        other.late = self.late[:]
        other.ms = self.ms[:]
        other.ls = self.ls[:]
        other.dep = self.dep
        other.arr = self.arr
        other.slack = self.slack
        other.load = self.load
        other.score = self.score
        other.multi = self.multi
        other.version = self.version
        other.cshift = self.cshift[:]
        other.cpos = self.cpos[:]
        other.cver = self.cver[:]
        other.freed_base = self.freed_base
        other.freed_lo = self.freed_lo
        other.freed_hi = self.freed_hi
        other.kernel = self.kernel
        return other

    def __len__(self) -> int:
        return len(self.seq) - 2

    def travel(self) -> float:
        """Travel time along the route; 0 for an empty route (the tour is not used)."""
        d = self.c.dist
        seq = self.seq
        if len(seq) == 2:
            return 0.0
        return sum(d[seq[q]][seq[q + 1]] for q in range(len(seq) - 1))

    # -- times -------------------------------------------------------------------------------------

    def refresh(self, first: int) -> bool:
        """Recompute times from position `first` on and all slacks; False if infeasible."""
        c = self.c
        seq, start, wait, late = self.seq, self.start, self.wait, self.late
        size = len(seq)
        if len(start) != size:
            grow = size - len(start)
            if grow > 0:
                pad = [0.0] * grow
                start.extend(pad)
                wait.extend(pad)
                late.extend(pad)
                self.ms.extend(pad)
                self.ls.extend(pad)
            else:
                del start[size:], wait[size:], late[size:], self.ms[size:], self.ls[size:]
        if first <= 0:
            start[0] = c.tour_open[self.tour]
            wait[0] = 0.0
            late[0] = INF
            first = 1
        dist, service, windows = c.dist, c.service, self.windows
        last = size - 1
        for q in range(first, last):
            i, k = seq[q - 1], seq[q]
            a = start[q - 1] + service[i] + dist[i][k]
            s, lat = first_start(windows[k], a)
            if s == INF:
                return False
            start[q] = s
            wait[q] = s - a
            late[q] = lat
        i = seq[last - 1]
        a = start[last - 1] + service[i] + dist[i][seq[last]]
        close = c.tour_close[self.tour]
        if a > close:
            return False
        start[last] = a
        wait[last] = 0.0
        late[last] = close
        self._slack()
        return True

    def _slack(self) -> None:
        seq, start, wait, late, ms, ls = self.seq, self.start, self.wait, self.late, self.ms, self.ls
        last = len(seq) - 1
        m = late[last] - start[last]
        ms[last] = m
        ls[last] = start[last] + m
        windows = self.windows
        multi = 0
        for q in range(last - 1, 0, -1):
            b = wait[q + 1] + m
            m = late[q] - start[q]
            if b < m:  # noqa: PLR1730
                m = b
            ms[q] = m
            ls[q] = start[q] + m
            if multi == 0 and len(windows[seq[q]]) > 1:
                multi = q
        m = wait[1] + m
        ms[0] = m
        ls[0] = start[0] + m
        self.multi = multi
        service = self.c.service
        self.dep = [s + service[k] for s, k in zip(start, seq)]
        self.arr = [s - w for s, w in zip(start, wait)]
        self.slack = [w + m for w, m in zip(wait, ms)]

    def simulate(self, nodes: list[int]) -> float:
        """Arrival time back at the end for the given node order, INF if infeasible."""
        c = self.c
        dist, service, windows = c.dist, c.service, self.windows
        prev = self.seq[0]
        t = c.tour_open[self.tour]
        for k in nodes:
            s, _ = first_start(windows[k], t + dist[prev][k])
            if s == INF:
                return INF
            t = s + service[k]
            prev = k
        t += dist[prev][self.seq[-1]]
        return t if t <= c.tour_close[self.tour] else INF

    # -- insertion ---------------------------------------------------------------------------------

    def best_insertion(self, k: int) -> tuple[float, int]:
        """(shift, position) of the cheapest feasible insertion of node k; (INF, -1) if none.

        Inserting at position p puts k between seq[p-1] and seq[p]; shift is how much later the
        node at p is reached. Capacity is the caller's business.
        """
        c = self.c
        seq = self.seq
        last = len(seq) - 1
        hi = bisect_right(self.dep, self.lmax[k])  # dep is nondecreasing too
        if hi > last:  # noqa: PLR1730
            hi = last
        sk = c.service[k]
        multi = self.multi
        if multi:
            lo = 0
        else:
            lo = bisect_left(self.ls, self.emin[k] + sk) - 1
            if lo < 0:  # noqa: PLR1730
                lo = 0
        if lo >= hi:
            return INF, -1
        into = c.dist_to[k]
        out = c.dist[k]
        best = INF
        where = -1
        wins = self.windows[k]
        dep, arr, slack = self.dep, self.arr, self.slack
        if len(wins) == 1:
            e, lat = wins[0]
            for p in range(lo, hi):
                a = dep[p] + into[seq[p]]
                if a > lat:
                    continue
                q = p + 1
                shift = (a if a > e else e) + sk + out[seq[q]] - arr[q]  # noqa: FURB136
                if shift < best and (shift <= slack[q] or (q <= multi and self._fits(q, k))):
                    best = shift
                    where = q
        else:
            for p in range(lo, hi):
                s, _ = first_start(wins, dep[p] + into[seq[p]])
                if s == INF:
                    continue
                q = p + 1
                shift = s + sk + out[seq[q]] - arr[q]
                if shift < best and (shift <= slack[q] or (q <= multi and self._fits(q, k))):
                    best = shift
                    where = q
        return best, where

    def evaluate(self, nodes: list[int], shifts: list[float], places: list[int]) -> None:
        """best_insertion for many nodes at once (same answers, less interpreter overhead):
        shifts[k], places[k] = self.best_insertion(k) for every k in nodes."""
        if self.multi:
            for k in nodes:
                shifts[k], places[k] = self.best_insertion(k)
            return
        c = self.c
        seq, ls = self.seq, self.ls
        dep, arr, slack = self.dep, self.arr, self.slack
        last = len(seq) - 1
        kernel = self.kernel
        if kernel is not None and len(nodes) * last >= kernel.min_batch:
            single = kernel.single[self.tour]
            if single is None:  # every node has one window in this tour
                kernel.evaluate(self.tour, seq, (dep, arr, slack, ls), nodes, shifts, places)
                return
            batch = [k for k in nodes if single[k]]
            if batch:
                kernel.evaluate(self.tour, seq, (dep, arr, slack, ls), batch, shifts, places)
            nodes = [k for k in nodes if not single[k]]
        service, windows = c.service, self.windows
        dist, dist_to = c.dist, c.dist_to
        for k in nodes:
            wins = windows[k]
            if len(wins) != 1:
                shifts[k], places[k] = self.best_insertion(k)
                continue
            e, lat = wins[0]
            hi = bisect_right(dep, lat)
            if hi > last:  # noqa: PLR1730
                hi = last
            sk = service[k]
            lo = bisect_left(ls, e + sk) - 1
            if lo < 0:  # noqa: PLR1730
                lo = 0
            best = INF
            where = -1
            if lo < hi:
                into = dist_to[k]
                out = dist[k]
                for p in range(lo, hi):
                    a = dep[p] + into[seq[p]]
                    if a > lat:
                        continue
                    q = p + 1
                    shift = (a if a > e else e) + sk + out[seq[q]] - arr[q]  # noqa: FURB136
                    if shift < best and shift <= slack[q]:
                        best = shift
                        where = q
            shifts[k] = best
            places[k] = where

    def best_replacement(self, k: int, below: float) -> tuple[float, float, int]:
        """(score of the replaced visit, shift, position) of the cheapest-scoring visit with a score
        below `below` that node k can take the place of; (INF, INF, -1) if none. O(1) per position.
        """
        c = self.c
        seq = self.seq
        last = len(seq) - 1
        if last < 2:
            return INF, INF, -1
        # Visit q sits between q-1 and q+1; k must start by its latest window start.
        hi = bisect_right(self.start, self.lmax[k], 0, last - 1) + 1  # q - 1 starts by lmax
        if hi > last:  # noqa: PLR1730
            hi = last
        multi = self.multi
        lo = 1
        if not multi:
            lo = max(1, bisect_left(self.ls, self.emin[k] + c.service[k]) - 1)
        score, sk, wins = c.score, c.service[k], self.windows[k]
        into, out = c.dist_to[k], c.dist[k]
        dep, arr, slack = self.dep, self.arr, self.slack
        best_score, best_shift, where = INF, INF, -1
        for q in range(lo, hi):
            lost = score[seq[q]]
            if lost >= below or lost > best_score:
                continue
            s, _ = first_start(wins, dep[q - 1] + into[seq[q - 1]])
            if s == INF:
                continue
            shift = s + sk + out[seq[q + 1]] - arr[q + 1]
            if (lost < best_score or shift < best_shift) and (
                shift <= slack[q + 1] or (q + 1 <= multi and self._fits_instead(q, k))
            ):
                best_score, best_shift, where = lost, shift, q
        return best_score, best_shift, where

    def _fits_instead(self, q: int, k: int) -> bool:
        nodes = self.seq[1:-1]
        nodes[q - 1] = k
        return self.simulate(nodes) < INF

    def replace(self, q: int, k: int) -> int | None:
        """Put node k in the place of the visit at q; return that node, None (nothing changed) if
        infeasible after all."""
        before = self._snapshot()
        old = self.seq[q]
        self.seq[q] = k
        if not self.refresh(q):
            self.seq[q] = old
            self.refresh(q)
            return None
        c = self.c
        self.load += c.load[k] - c.load[old]
        self.score += c.score[k] - c.score[old]
        self.version += 1
        self._freed(before)  # the new visit may take less time than the old one
        return old

    def _fits(self, q: int, k: int) -> bool:
        nodes = self.seq[1:-1]
        nodes.insert(q - 1, k)
        return self.simulate(nodes) < INF

    def insert(self, q: int, k: int) -> bool:
        """Insert node k at position q; False (and nothing changed) if that is infeasible."""
        self.seq.insert(q, k)
        if not self.refresh(q):
            del self.seq[q]
            self.refresh(q)
            return False
        self.load += self.c.load[k]
        self.score += self.c.score[k]
        self.version += 1
        return True

    def remove(self, first: int, count: int) -> list[int]:
        """Remove `count` nodes from position `first` (>= 1); return every node taken out.

        Without the triangle inequality a removal can make a later node late: such nodes are
        removed too, so the route stays feasible.
        """
        return self.remove_at(list(range(first, first + count)))

    def remove_at(self, positions: list[int]) -> list[int]:
        """Remove the nodes at the given distinct positions (>= 1); return every node taken out."""
        seq = self.seq
        before = self._snapshot()
        positions = sorted(positions, reverse=True)
        gone = [seq[q] for q in positions]
        for q in positions:
            del seq[q]
        first = positions[-1]
        while not self.refresh(first):
            fail = self._first_failure()
            if fail >= len(seq) - 1:
                fail = len(seq) - 2
            if fail < 1:
                raise AssertionError("empty route infeasible")
            gone.append(seq.pop(fail))
            first = min(first, fail)
        c = self.c
        self.load -= sum(c.load[k] for k in gone)
        self.score -= sum(c.score[k] for k in gone)
        self.version += 1
        self._freed(before)
        return gone

    def _key(self, q: int) -> int:
        return -1 if q == 0 else -2 if q == len(self.seq) - 1 else self.seq[q]

    def _snapshot(self) -> dict[int, tuple[float, float, int]]:
        """Per node (-1 start, -2 end): start, maxshift, successor."""
        start, ms = self.start, self.ms
        last = len(self.seq) - 1
        snap = {self._key(q): (start[q], ms[q], self._key(q + 1)) for q in range(last)}
        snap[-2] = (start[last], ms[last], -3)
        return snap

    def _freed(self, before: dict[int, tuple[float, float, int]]) -> None:
        """Widen [freed_lo, freed_hi] by the starts where the last removal made room."""
        if self.multi:
            self.freed_base = self.version + 1  # latest starts are only bounds here: no shortcut
            return
        start, ls, ms = self.start, self.ls, self.ms
        lo, hi = self.freed_lo, self.freed_hi
        last = len(self.seq) - 1
        key = self._key
        for p in range(last):
            kp, kn = key(p), key(p + 1)
            old_p, old_n = before.get(kp), before.get(kn)
            if (
                old_p is None
                or old_n is None
                or old_p[2] != kn
                or old_p[0] != start[p]
                or old_n[0] != start[p + 1]
                or old_n[1] != ms[p + 1]
            ):
                lo = min(lo, start[p])
                hi = max(hi, ls[p + 1])
        self.freed_lo, self.freed_hi = lo, hi

    def _first_failure(self) -> int:
        c = self.c
        dist, service, windows = c.dist, c.service, self.windows
        seq = self.seq
        t = c.tour_open[self.tour]
        for q in range(1, len(seq) - 1):
            s, _ = first_start(windows[seq[q]], t + dist[seq[q - 1]][seq[q]])
            if s == INF:
                return q
            t = s + service[seq[q]]
        return len(seq) - 1
