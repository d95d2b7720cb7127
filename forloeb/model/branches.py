"""The branches of a pathway inside one phase: which steps one patient can meet together.

A patient follows one of the ways out of a step (its `forgrening` is `alternativ`, the default) or
all of them (`samtidig`, e.g. parallel tracks after a first visit). Steps on one loop are met again
and again, so a loop is one branch and what it holds is added up; a way out of the loop for good
(it cannot lead back) is another branch, because the patient then leaves the loop. Steps marked
`alternativ_til` each other are never in one branch. The figures per year (forloeb.model.derived)
are added up inside a branch and never across branches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from forloeb.model.pathway import Forloeb, Overgang, Trin

# A pathway with many independent choices has exponentially many branches; past this many the
# rest are left out rather than letting one file stall the build.
MAX_BRANCHES = 64

# A branch while it is built: the steps met, and the ways chosen on the way (for its name).
_Scenario = tuple[frozenset[str], tuple[str, ...]]


@dataclass(frozen=True)
class Branch:
    steps: frozenset[str]
    name: str  # the ways chosen, e.g. "Overgang til behandling i blodbank (Stabilt jernniveau …)"
    ends: bool  # the branch ends the pathway or leaves it for another pathway


def _either(options: Iterable[list[_Scenario]]) -> list[_Scenario]:
    """Alternatives: one of them happens. Equal sets of steps are one branch."""
    out: dict[frozenset[str], tuple[str, ...]] = {}
    for option in options:
        for steps, ways in option:
            out.setdefault(steps, ways)
    return list(islice(out.items(), MAX_BRANCHES))


def _both(parts: Iterable[list[_Scenario]]) -> list[_Scenario]:
    """Parts that happen together: every combination of one branch from each part."""
    acc: list[_Scenario] = [(frozenset(), ())]  # nothing yet: the one empty combination
    for part in parts:
        acc = _either([(a | b, wa + tuple(w for w in wb if w not in wa))] for a, wa in acc for b, wb in part)
    return acc


def components(nodes: list[str], succ: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components (Kosaraju, without recursion), sources of the flow first."""
    seen: set[str] = set()
    finished: list[str] = []
    for start in nodes:
        if start in seen:
            continue
        seen.add(start)
        stack = [(start, iter(succ[start]))]
        while stack:
            node, rest = stack[-1]
            nxt = next((m for m in rest if m not in seen), None)
            if nxt is None:
                stack.pop()
                finished.append(node)
            else:
                seen.add(nxt)
                stack.append((nxt, iter(succ[nxt])))
    pred: dict[str, list[str]] = {n: [] for n in nodes}
    for n in nodes:
        for m in succ[n]:
            pred[m].append(n)
    owned: set[str] = set()  # the nodes already in a component
    comps: list[list[str]] = []
    for root in reversed(finished):
        if root in owned:
            continue
        owned.add(root)
        comp, todo = [], [root]
        while todo:
            x = todo.pop()
            comp.append(x)
            for y in pred[x]:
                if y not in owned:
                    owned.add(y)
                    todo.append(y)
        comps.append(comp)
    return comps


class _Flow:
    """The transitions between the steps of one phase, and each step's possible futures there."""

    def __init__(self, f: Forloeb, members: set[str]) -> None:
        self.order = {t.id: i for i, t in reversed(list(enumerate(f.trin)))}
        self.steps = {t.id: t for t in reversed(f.trin)}  # the first of duplicate ids wins
        self.members = sorted(members, key=self.order.__getitem__)
        self.inside = {s: [o for o in self.steps[s].overgange if o.til in members] for s in self.members}
        succ = {s: list(dict.fromkeys(o.til for o in self.inside[s])) for s in self.members}
        self.comps = [sorted(c, key=self.order.__getitem__) for c in components(self.members, succ)]
        self.comp_of = {s: i for i, c in enumerate(self.comps) for s in c}
        self.future: dict[int, list[_Scenario]] = {}
        for i in reversed(range(len(self.comps))):  # sinks first: a future needs its successors'
            self.future[i] = self._future(self.comps[i])

    def way(self, o: Overgang) -> str:
        title = self.steps[o.til].titel if o.til in self.steps else o.til
        return f"{title} ({o.betingelse})" if o.betingelse else title

    def of(self, step_id: str) -> list[_Scenario]:
        return self.future[self.comp_of[step_id]]

    def _future(self, comp: list[str]) -> list[_Scenario]:
        inner = set(comp)
        first = self.steps[comp[0]]
        if len(comp) > 1 or any(o.til == first.id for o in self.inside[first.id]):
            return self._loop(comp, inner)
        return self._single(first)

    def _loop(self, comp: list[str], inner: set[str]) -> list[_Scenario]:
        """A loop: stay in it (with what it starts alongside), or leave it by one way for good."""
        alongside = _both(
            self.of(o.til)
            for s in comp
            if self.steps[s].forgrening == "samtidig"
            for o in self.inside[s]
            if o.til not in inner
        )
        exits = [
            o for s in comp if self.steps[s].forgrening == "alternativ" for o in self.inside[s] if o.til not in inner
        ]
        stay_name = (self.steps[comp[0]].titel,) if exits else ()
        stay = [(frozenset(inner) | steps, stay_name + ways) for steps, ways in alongside]
        leave = [[(steps, (self.way(o), *ways)) for steps, ways in _both([alongside, self.of(o.til)])] for o in exits]
        return _either([stay, *leave])

    def _single(self, t: Trin) -> list[_Scenario]:
        me = frozenset({t.id})
        if t.forgrening == "samtidig":
            return [(me | steps, ways) for steps, ways in _both(self.of(o.til) for o in self.inside[t.id])]
        choose = len(t.overgange) > 1
        options: list[list[_Scenario]] = []
        for o in t.overgange or [None]:
            name = (self.way(o),) if o is not None and choose else ()
            if o is None or o.til not in self.comp_of:  # the end, or a way on into another phase
                options.append([(me, name)])
            else:
                options.append([(me | steps, name + ways) for steps, ways in self.of(o.til)])
        return _either(options)


def _entries(f: Forloeb, flow: _Flow, members: set[str]) -> list[list[_Scenario]]:
    """How a patient comes into the phase: from each step outside it, or where the pathway starts."""
    targeted: set[str] = set()
    options: list[list[_Scenario]] = []
    for t in f.trin:
        if t.id in members:
            targeted.update(o.til for o in t.overgange)
            continue
        ways_in = list(dict.fromkeys(o.til for o in t.overgange if o.til in members))
        targeted.update(ways_in)
        if t.forgrening == "samtidig" and ways_in:
            options.append(_both(flow.of(s) for s in ways_in))
        else:
            options += [flow.of(s) for s in ways_in]
    options += [flow.of(s) for s in flow.members if s not in targeted]
    return options


def _exclusive_groups(flow: _Flow) -> list[set[str]]:
    """Steps linked by alternativ_til (either way round), as groups of which a branch holds one."""
    groups: list[set[str]] = []
    for s in flow.members:
        linked = {s, *(a for a in flow.steps[s].alternativ_til if a in flow.comp_of)}
        if len(linked) < 2:
            continue
        touching = [g for g in groups if g & linked]
        merged = set().union(linked, *touching)
        groups = [g for g in groups if not g & linked] + [merged]
    return groups


def _split(scenarios: list[_Scenario], groups: list[set[str]], flow: _Flow) -> list[_Scenario]:
    for group in groups:
        out: list[list[_Scenario]] = []
        for steps, ways in scenarios:
            both = sorted(steps & group, key=flow.order.__getitem__)
            if len(both) < 2:
                out.append([(steps, ways)])
                continue
            out += [[(steps - (set(both) - {k}), (*ways, flow.steps[k].titel))] for k in both]
        scenarios = _either(out)
    return scenarios


def phase_branches(f: Forloeb, members: set[str]) -> list[Branch]:
    """The branches through the steps `members` (one phase), each a set of steps met together."""
    flow = _Flow(f, members)
    scenarios = _either(_entries(f, flow, members))
    covered = set().union(*(steps for steps, _ in scenarios))
    # Steps no entry reaches (a flow the consistency check reports) still get a branch of their own.
    scenarios = _either([scenarios, *(flow.future[i] for i, c in enumerate(flow.comps) if c[0] not in covered)])
    scenarios = _split(scenarios, _exclusive_groups(flow), flow)
    ends = {t.id for t in f.trin if not t.overgange}
    out = []
    for steps, ways in scenarios:  # each holds a step: every future holds the step it starts at
        name = " → ".join(ways) if ways else flow.steps[min(steps, key=flow.order.__getitem__)].titel
        out.append(Branch(steps, name, bool(steps & ends)))
    return out
