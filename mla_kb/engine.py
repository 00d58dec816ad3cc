"""The Datalog engine: rule objects and facts loaded into pyDatalog, and
conjunctive queries asked of it with some variables bound."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from pyDatalog import pyDatalog

from .ontology import Fact
from .rules import Assign, Atom, Compare, Literal, Rule, Term, Var
from .vocabulary import Vocabulary

Value = str | int
Bindings = dict[str, Value]

_COMPARE = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}


def _arith(left: Value, op: str | None, right: Value | None) -> Value:
    if op is None:
        return left
    return left + right if op == "+" else left - right  # type: ignore[operator]


class Engine:
    """One pyDatalog knowledge base of its own; every call switches to it under a lock.

    pyDatalog keeps one logic per thread: `Logic()` starts a fresh one, `Logic(True)`
    returns the current one, and `Logic(logic)` installs a copy of `logic` that shares
    its predicates (and so its facts and rules).
    """

    def __init__(self, vocabulary: Vocabulary, rules: list[Rule], facts: Iterable[Fact]) -> None:
        self._lock = threading.RLock()
        with self._lock:
            pyDatalog.Logic()
            self._logic = pyDatalog.Logic(True)
            for predicate in vocabulary:  # declare every predicate: asking an unknown one raises
                dummy = ("__declared__",) * predicate.arity
                pyDatalog.assert_fact(_name(predicate.name), *dummy)
                pyDatalog.retract_fact(_name(predicate.name), *dummy)
            code = [self._rule_code(rule) for rule in rules if rule.body]
            if code:
                pyDatalog.load("\n".join(code))
            for rule in rules:
                if not rule.body:
                    pyDatalog.assert_fact(_name(rule.head.pred), *rule.head.args)
            self.assert_facts(facts)

    @contextmanager
    def active(self) -> Iterator[None]:
        with self._lock:
            if getattr(pyDatalog.Logic.tl, "logic", None) is not self._logic:
                self._logic = pyDatalog.Logic(self._logic)
            yield

    def assert_facts(self, facts: Iterable[Fact]) -> None:
        with self.active():
            for fact in facts:
                pyDatalog.assert_fact(_name(fact.pred), *fact.args)

    def retract_facts(self, facts: Iterable[Fact]) -> None:
        with self.active():
            for fact in facts:
                pyDatalog.retract_fact(_name(fact.pred), *fact.args)

    @staticmethod
    def _rule_code(rule: Rule) -> str:
        head = _literal_code(rule.head, {})
        return f"{head} <= " + " & ".join(_literal_code(lit, {}) for lit in rule.body)

    def ask(self, body: Iterable[Literal], bindings: Bindings | None = None,
            limit: int | None = None) -> list[Bindings]:
        """Every assignment of the body's free variables that makes it true (extending `bindings`)."""
        bound = dict(bindings or {})
        rest: list[Literal] = []
        for literal in body:  # settle comparisons and sums whose operands are bound
            if isinstance(literal, Compare | Assign) and _operands_bound(literal, bound):
                if not _settle(literal, bound):
                    return []
            else:
                rest.append(literal)
        if not rest:
            return [bound]
        query = " & ".join(_literal_code(lit, bound) for lit in rest)
        names = _free_variables(rest, bound)
        with self.active():
            answer = pyDatalog.ask(query)
        if answer is None:
            return []
        results = []
        for row in answer.answers:
            result = dict(bound)
            result.update(zip(names, row, strict=True))
            results.append(result)
            if limit and len(results) >= limit:
                break
        return results

    def holds(self, atom: Atom, bindings: Bindings | None = None) -> bool:
        return bool(self.ask([Atom(atom.pred, atom.args)], bindings, limit=1))


def _operands_bound(literal: Compare | Assign, bound: Bindings) -> bool:
    operands = (literal.left, literal.right)
    return all(not isinstance(t, Var) or t.name in bound for t in operands if t is not None)


def _settle(literal: Compare | Assign, bound: Bindings) -> bool:
    """Evaluate a comparison, or a sum into its variable, whose operands are bound."""
    if isinstance(literal, Compare):
        return _COMPARE[literal.op](_value(literal.left, bound), _value(literal.right, bound))
    right = _value(literal.right, bound) if literal.right is not None else None
    value = _arith(_value(literal.left, bound), literal.op, right)
    if literal.var.name in bound:
        return bound[literal.var.name] == value
    bound[literal.var.name] = value
    return True


def _value(term: Term | None, bound: Bindings) -> Value:
    if isinstance(term, Var):
        return bound[term.name]
    return term  # type: ignore[return-value]


def _name(pred: str) -> str:
    return "kb_" + pred


def _term_code(term: Term | None, bound: Bindings) -> str:
    if isinstance(term, Var):
        return repr(bound[term.name]) if term.name in bound else "V" + term.name
    return repr(term)


def _literal_code(literal: Literal, bound: Bindings) -> str:
    if isinstance(literal, Atom):
        args = ", ".join(_term_code(a, bound) for a in literal.args)
        return f"{'~' if literal.negated else ''}{_name(literal.pred)}({args})"
    if isinstance(literal, Compare):
        return f"({_term_code(literal.left, bound)} {literal.op} {_term_code(literal.right, bound)})"
    value = _term_code(literal.left, bound)
    if literal.op:
        value += f" {literal.op} {_term_code(literal.right, bound)}"
    return f"({_term_code(literal.var, bound)} == {value})"


def _free_variables(body: list[Literal], bound: Bindings) -> list[str]:
    """Free variables in order of first appearance, as pyDatalog returns them."""
    names: list[str] = []
    for literal in body:
        for var in literal.variables():
            if var.name not in bound and var.name not in names:
                names.append(var.name)
    return names
