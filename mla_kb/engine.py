"""The Datalog engine: rule objects and facts loaded into pyDatalog, which derives
what follows; the result is kept as a `Model` that proofs and explanations read.

pyDatalog decides what is true. A `Model` holds the base facts and every atom
pyDatalog derived for one assessment, indexed by predicate, and answers
conjunctive questions ("which bindings make this rule body true?") by matching
them, so that a proof of ten steps costs microseconds instead of ten parses of
a pyDatalog query.
"""

from __future__ import annotations

import dataclasses
import gc
import itertools
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from pyDatalog import pyDatalog, pyEngine, pyParser

from .ontology import Fact
from .rules import Assign, Atom, Compare, Literal, Rule, Term, Var
from .vocabulary import Vocabulary

Value = str | int
Bindings = dict[str, Value]
CLAUSE_CACHE = 50_000  # facts kept ready to assert; the cache starts again when full

_COMPARE = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}


class Engine:
    """One pyDatalog knowledge base of its own; every call switches to it under a lock.

    pyDatalog keeps one logic per thread: `Logic()` starts a fresh one, `Logic(True)`
    returns the current one, and `Logic(logic)` installs a copy of `logic` that shares
    its predicates (and so its facts and rules).
    """

    def __init__(self, vocabulary: Vocabulary, rules: list[Rule], facts: Iterable[Fact]) -> None:
        self._lock = threading.RLock()
        self.vocabulary = vocabulary
        self._clauses: dict[tuple, pyEngine.Clause] = {}
        with self._lock:
            pyDatalog.Logic()
            self._logic = pyDatalog.Logic(True)
            for predicate in vocabulary:  # declare every predicate: asking an unknown one raises
                dummy = ("__declared__",) * predicate.arity
                pyDatalog.assert_fact(_name(predicate.name), *dummy)
                pyDatalog.retract_fact(_name(predicate.name), *dummy)
            derived = {rule.head.pred for rule in rules if rule.body}
            scenario = {p.name for p in vocabulary if p.scenario is not None}
            for rule in _behind_guards([rule for rule in rules if rule.body], scenario):
                rule = _unbind_constants(_checks_first(rule, scenario), derived)
                _assert_clause(_lua_literal(rule.head), rule.body)
            for rule in rules:
                if not rule.body:
                    pyDatalog.assert_fact(_name(rule.head.pred), *rule.head.args)
            facts = list(facts)
            self.assert_facts(facts)
            # what does not depend on any scenario is derived once, with the facts
            dynamic = scenario_dependent(vocabulary, rules)
            static = [p.name for p in vocabulary if not p.is_fact and p.name not in dynamic]
            self.base = Model({**facts_by_predicate(facts), **self._ask(self._union("static", static))})
            keyed = {p for p in dynamic if vocabulary[p].args[0][1] == "request"}
            self._keyed = self._union("keyed", sorted(keyed), first_bound=True)
            self._unkeyed = self._union("unkeyed", sorted(dynamic - keyed))

    @contextmanager
    def active(self) -> Iterator[None]:
        with self._lock:
            if getattr(pyDatalog.Logic.tl, "logic", None) is not self._logic:
                self._logic = pyDatalog.Logic(self._logic)
            yield

    def assert_facts(self, facts: Iterable[Fact]) -> None:
        with self.active():
            for fact in facts:
                pyEngine.assert_(self._clause(fact))

    def retract_facts(self, facts: Iterable[Fact]) -> None:
        with self.active():
            for fact in facts:
                pyEngine.retract(self._clause(fact))

    def _clause(self, fact: Fact) -> pyEngine.Clause:
        """The fact as pyDatalog stores it, built once (as `pyDatalog.assert_fact` would
        build it at each call, about ten times the cost): scenarios repeat most facts."""
        key = (fact.pred, fact.args)
        if key not in self._clauses:
            if len(self._clauses) >= CLAUSE_CACHE:
                self._clauses.clear()
            literal = pyParser.Literal.make(_name(fact.pred), [pyParser.Expression._pyD_for(a)
                                                               for a in fact.args])
            self._clauses[key] = pyEngine.Clause(literal.lua, [])
        return self._clauses[key]

    def derive(self, extra: list[Fact], request: str = "request") -> Model:
        """The model of the facts loaded with the engine plus `extra` (a scenario's, about
        `request`): `extra` is asserted, everything the rules derive is asked, `extra` is
        retracted."""
        with self.active(), _collector_paused():
            self.assert_facts(extra)
            try:
                derived = {**self._ask(self._unkeyed), **self._ask(self._keyed, request)}
            finally:
                self.retract_facts(extra)
        return Model({**facts_by_predicate(extra), **derived}, self.base)

    def _union(self, name: str, preds: list[str], first_bound: bool = False) -> UnionQuery:
        """One query whose answers are the atoms of all these predicates, each answer
        led by its predicate's name and padded to one width: pyDatalog then resolves
        the subgoals the predicates share once per question, not once per predicate,
        and no query string is parsed when it is asked."""
        union = f"kb__{name}"
        width = max((self.vocabulary[p].arity for p in preds), default=0)
        for pred in preds:
            args = tuple(Var(str(i)) for i in range(self.vocabulary[pred].arity))
            padded = (pred, *args, *[""] * (width - len(args)))
            _assert_clause(pyEngine.Literal(union, [_lua_term(arg) for arg in padded]), [Atom(pred, args)])
        return UnionQuery(union, width, preds, first_bound)

    def _ask(self, union: UnionQuery, first: str | None = None) -> dict[str, set[tuple]]:
        atoms: dict[str, set[tuple]] = {pred: set() for pred in union.preds}
        answer = union.query(first).lua.ask() if union.preds else []
        for pred, *row in answer if isinstance(answer, list) else ():
            atoms[pred].add(tuple(row[: self.vocabulary[pred].arity]))
        return atoms


@dataclass
class UnionQuery:
    """A union query (see `Engine._union`). Asked with the first argument bound (the
    request), pyDatalog meets the same subgoals as the rules that use these predicates
    do, and resolves each once instead of once free and once bound."""

    name: str
    width: int
    preds: list[str]
    first_bound: bool
    _queries: dict[str | None, pyParser.Literal] = field(default_factory=dict)

    def query(self, first: str | None) -> pyParser.Literal:
        if first not in self._queries:
            terms: list = [pyParser.Term(f"V{i}") for i in range(self.width + 1)]
            if self.first_bound:
                terms[1] = first
            self._queries[first] = pyParser.Literal.make(self.name, terms)
        return self._queries[first]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection while pyDatalog derives: it allocates thousands of objects
    per question, and the collector would otherwise run several times over them
    (promoting the survivors to older generations) instead of once afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def scenario_dependent(vocabulary: Vocabulary, rules: list[Rule]) -> set[str]:
    """The derived predicates whose atoms can depend on a scenario's facts."""
    dynamic = {p.name for p in vocabulary if p.scenario is not None}
    changed = True
    while changed:
        changed = False
        for rule in rules:
            uses = {lit.pred for lit in rule.body if isinstance(lit, Atom)}
            if rule.head.pred not in dynamic and uses & dynamic:
                dynamic.add(rule.head.pred)
                changed = True
    return {name for name in dynamic if not vocabulary[name].is_fact}


class Model:
    """Every atom true in one assessment, by predicate."""

    def __init__(self, atoms: dict[str, set[tuple]], base: Model | None = None,
                 concluded_by: dict[tuple[str, tuple], Rule] | None = None) -> None:
        """The atoms given, added to a `base` model whose predicates they do not touch;
        `concluded_by`, where the engine tells, the first rule that concludes an atom."""
        self.concluded_by = concluded_by or {}
        self.rows = dict(base.rows) if base else {}
        self.by_first: dict[str, dict[Value, list[tuple]]] = dict(base.by_first) if base else {}
        for pred, found in atoms.items():
            rows = self.rows[pred] = _sorted(found)
            index = self.by_first[pred] = defaultdict(list)
            for row in rows:
                index[row[0]].append(row)

    def ask(self, body: Iterable[Literal], bindings: Bindings | None = None,
            limit: int | None = None) -> list[Bindings]:
        """Every extension of `bindings` that makes the body true, in order."""
        body = list(body)
        if len(body) == 1 and isinstance(body[0], Atom) and not body[0].negated:  # the common case
            return list(itertools.islice(self._match(body[0], bindings or {}), limit or None))
        results: list[Bindings] = []

        def solve(index: int, bound: Bindings) -> None:
            if limit and len(results) >= limit:
                return
            if index == len(body):
                results.append(bound)
                return
            literal = body[index]
            if isinstance(literal, Atom) and not literal.negated:
                for extended in self._match(literal, bound):
                    solve(index + 1, extended)
            elif isinstance(literal, Atom):
                if not next(self._match(literal, bound), None):
                    solve(index + 1, bound)
            else:
                settled = dict(bound)
                if _settle(literal, settled):
                    solve(index + 1, settled)

        solve(0, dict(bindings or {}))
        return results

    def holds(self, atom: Atom, bindings: Bindings | None = None) -> bool:
        return bool(self.ask([Atom(atom.pred, atom.args)], bindings, limit=1))

    def _match(self, atom: Atom, bound: Bindings) -> Iterator[Bindings]:
        """The bindings under which the atom is one of the model's (unbound variables match anything)."""
        first = atom.args[0]
        if isinstance(first, Var):
            first = bound.get(first.name, first)
        rows = (self.rows.get(atom.pred, ()) if isinstance(first, Var)
                else self.by_first.get(atom.pred, {}).get(first, ()))
        for row in rows:
            extended = dict(bound)
            for term, value in zip(atom.args, row, strict=True):
                if isinstance(term, Var):
                    if extended.setdefault(term.name, value) != value:
                        break
                elif term != value:
                    break
            else:
                yield extended


def facts_by_predicate(facts: Iterable[Fact]) -> dict[str, set[tuple]]:
    atoms: dict[str, set[tuple]] = defaultdict(set)
    for fact in facts:
        atoms[fact.pred].add(fact.args)
    return atoms


def _order(row: tuple) -> tuple:
    return tuple((isinstance(v, str), v) for v in row)


def _sorted(rows: set[tuple]) -> list[tuple]:
    """The rows in the order of `_order` (numbers before strings), sorted without building
    a key per row where that gives the same order: where the rows compared hold values of
    one type at the first place they differ, as nearly always, plain tuples compare as
    their keys do; where they hold a number and a string there, comparing them raises
    TypeError, and the rows are sorted by their keys."""
    try:
        return sorted(rows)
    except TypeError:
        return sorted(rows, key=_order)


def _settle(literal: Compare | Assign, bound: Bindings) -> bool:
    """Evaluate a comparison, or a sum into its variable, whose operands are bound."""
    left = _value(literal.left, bound)
    right = _value(literal.right, bound) if literal.right is not None else None
    if isinstance(literal, Compare):
        return _COMPARE[literal.op](left, right)
    if literal.op is not None:
        left = left + right if literal.op == "+" else left - right  # type: ignore[operator]
    if literal.var.name in bound:
        return bound[literal.var.name] == left
    bound[literal.var.name] = left
    return True


def _value(term: Term | None, bound: Bindings) -> Value:
    return bound[term.name] if isinstance(term, Var) else term  # type: ignore[return-value]


def _name(pred: str) -> str:
    return "kb_" + pred


def _lua_term(term: Term | None) -> pyEngine.Term:
    if isinstance(term, Var):
        return pyEngine.Var("V" + term.name)
    return pyParser.Expression._pyD_for(term)._pyD_lua  # as pyDatalog makes a constant


def _lua_literal(literal: Literal) -> pyEngine.Literal:
    """The literal as pyDatalog's own parser would build it from `p(X) & (X < 3)`."""
    if isinstance(literal, Atom):
        name = ("~" if literal.negated else "") + _name(literal.pred)
        return pyEngine.Literal(name, [_lua_term(arg) for arg in literal.args])
    if isinstance(literal, Compare):
        return pyEngine.Literal(literal.op, [_lua_term(literal.left), _lua_term(literal.right)])
    value = _lua_term(literal.left)
    if literal.op:
        value = pyEngine.Operation(value, literal.op, _lua_term(literal.right))
    return pyEngine.Literal("==", [_lua_term(literal.var), value])


def _assert_clause(head: pyEngine.Literal, body: Iterable[Literal]) -> None:
    """Give pyDatalog a rule as a clause built directly, not as source code for its
    parser to read and run: that took a third of the loading time."""
    pyEngine.assert_(pyEngine.Clause(head, [_lua_literal(literal) for literal in body]))


def _behind_guards(rules: list[Rule], scenario: set[str]) -> list[Rule]:
    """The rules as pyDatalog is given them: rules that conclude the same predicate and
    first require the same thing of their request alone (the requested State is Germany,
    the request asks for an observation, the EIO governs) conclude it through one rule
    that checks that once. pyDatalog tries every rule of a predicate it is asked; for the
    many scenarios such rules do not concern, it then tries one instead of each."""
    groups: dict[tuple, list[Rule]] = defaultdict(list)
    for rule in rules:
        groups[(rule.head.pred, _guard(rule, scenario))].append(rule)
    out: list[Rule] = []
    for number, ((pred, guard), members) in enumerate(groups.items()):
        if guard is None or len(members) < 2:
            out += members
            continue
        inner = f"{pred}__{number}"  # a name no predicate of the vocabulary has
        args = tuple(Var(f"__g{i}") for i in range(len(members[0].head.args)))
        check = Atom(guard[0], (args[0], *guard[1]))
        out.append(dataclasses.replace(members[0], head=Atom(pred, args), body=(check, Atom(inner, args))))
        out += [dataclasses.replace(rule, head=Atom(inner, rule.head.args)) for rule in members]
    return out


def _guard(rule: Rule, scenario: set[str]) -> tuple | None:
    """The first premise of a rule that says something of its request alone: a fact of
    the scenario with constants ("the requested State is Germany"), or a predicate of
    the request only ("the EIO governs"); as (predicate, the arguments after the
    request), None if there is none."""
    request = rule.head.args[0] if rule.head.args else None
    if not isinstance(request, Var):
        return None
    for literal in rule.body:
        if not isinstance(literal, Atom) or literal.negated or literal.args[:1] != (request,):
            continue
        rest = literal.args[1:]
        if not rest or (literal.pred in scenario and all(not isinstance(arg, Var) for arg in rest)):
            return literal.pred, rest
    return None


def _checks_first(rule: Rule, scenario: set[str]) -> Rule:
    """The rule as pyDatalog is given it: the premises that check a fact of the scenario
    with constants ("the offence is military", "the request asks for a search") come
    first, in their order, then the others in theirs. Such a check is an index lookup
    that fails for most scenarios, and pyDatalog stops trying a rule at its first premise
    that fails: a rule behind a common premise (the 1959 Convention governs) is then
    dropped after one step instead of two or more. Only positive premises move, and only
    earlier: every premise finds at least the variables bound that it found before, and
    the same atoms follow."""
    request = rule.head.args[0] if rule.head.args else None
    checks = [literal for literal in rule.body if _is_check(literal, request, scenario)]
    if not checks:
        return rule
    rest = [literal for literal in rule.body if not _is_check(literal, request, scenario)]
    return dataclasses.replace(rule, body=(*checks, *rest))


def _is_check(literal: Literal, request: Term | None, scenario: set[str]) -> bool:
    """Whether the premise says something of the request alone with constants, as a fact
    of the scenario."""
    return (isinstance(request, Var) and isinstance(literal, Atom) and not literal.negated
            and literal.pred in scenario and literal.args[:1] == (request,)
            and not any(isinstance(arg, Var) for arg in literal.args[1:]))


def _unbind_constants(rule: Rule, derived: set[str]) -> Rule:
    """The rule as pyDatalog is given it: a positive premise on a derived predicate asks
    it with variables where the rule has constants, each then compared with its
    constant. pyDatalog tables a subgoal by the pattern it is called with, and the
    union query asks every such predicate with the request alone bound: so one table
    serves the union and every rule, instead of one more per constant pattern."""
    body: list[Literal] = []
    for index, literal in enumerate(rule.body):
        if not (isinstance(literal, Atom) and not literal.negated and literal.pred in derived):
            body.append(literal)
            continue
        args: list[Term] = [literal.args[0]]
        checks: list[Literal] = []
        for position, arg in enumerate(literal.args[1:], start=1):
            if isinstance(arg, Var):
                args.append(arg)
            else:
                fresh = Var(f"__{index}_{position}")  # a name no rule gives a variable
                args.append(fresh)
                checks.append(Compare(fresh, "==", arg))
        body += [Atom(literal.pred, tuple(args)), *checks]
    return dataclasses.replace(rule, body=tuple(body))
