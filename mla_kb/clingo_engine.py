"""A second engine for the same rules: clingo (Potassco's answer-set solver).

The rule objects compile to an answer-set program, parsed once with the ontology
facts; each call grounds and solves the scenarios given (many at once, each under
its own request constant) and returns, per scenario, the same `Model` that the
pyDatalog engine derives. Two independent engines agreeing is evidence that the
encoding, not an engine quirk, decides an answer (tests/test_engines.py).
"""

from __future__ import annotations

import re
from collections import defaultdict

import clingo
from clingo import ast

from .engine import Model, facts_by_predicate
from .ontology import Fact
from .rules import Atom, Compare, Literal, Rule, Term, Var
from .vocabulary import Vocabulary

_OPS = {"==": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class ClingoEngine:
    def __init__(self, vocabulary: Vocabulary, rules: list[Rule], facts: list[Fact]) -> None:
        self.vocabulary = vocabulary
        shown = [f"#show {p.name}/{p.arity}." for p in vocabulary if not p.is_fact]
        self._program: list[ast.AST] = []  # parsed once: each call adds it to a new control
        ast.parse_string("\n".join([*(_rule(r) for r in rules), *(_fact(f) for f in facts), *shown]),
                         self._program.append)
        self.base = Model(facts_by_predicate(facts))
        self._keyed = {p.name for p in vocabulary if p.args[0][1] == "request"}

    def derive(self, extra: list[Fact], request: str = "request") -> Model:
        return self.derive_many({request: extra}, request)[request]

    def derive_many(self, scenarios: dict[str, list[Fact]], rename: str | None = None
                    ) -> dict[str, Model]:
        """One model per request: its own atoms on top of the shared ones. With `rename`,
        each request's constant is replaced by `rename` in its model."""
        control = clingo.Control(["--warn=none"])
        with ast.ProgramBuilder(control) as builder:
            for statement in self._program:
                builder.add(statement)
        control.add("base", [], "\n".join(_fact(f) for facts in scenarios.values() for f in facts))
        control.ground([("base", [])])
        shared: dict[str, set[tuple]] = defaultdict(set)
        keyed: dict[str, dict[str, set[tuple]]] = defaultdict(lambda: defaultdict(set))
        for request, facts in scenarios.items():  # the scenario's own facts, as given
            for fact in facts:
                keyed[request][fact.pred].add((rename or request, *fact.args[1:]))
        with control.solve(yield_=True) as handle:
            for symbol in next(iter(handle)).symbols(shown=True):  # what the rules derive
                name, row = _atom(str(symbol))
                if name in self._keyed:
                    keyed[row[0]][name].add((rename or row[0], *row[1:]))
                else:
                    shared[name].add(row)
        common = Model(shared, self.base)
        return {request: Model(keyed[request], common) for request in scenarios}


# An argument of a shown atom: a quoted string, an integer or a bare constant (the
# rules use no function terms).
_ARGUMENT = re.compile(r'"((?:[^"\\]|\\.)*)"|(-?\d+)|([^,()"\s]+)')


def _atom(text: str) -> tuple[str, tuple[str | int, ...]]:
    """The predicate and arguments of an atom as clingo prints it: reading the printed
    atom once costs less than asking clingo for each argument and its type."""
    open_at = text.find("(")
    if open_at < 0:
        return text, ()
    args: list[str | int] = []
    for match in _ARGUMENT.finditer(text, open_at + 1, len(text) - 1):
        quoted, number, constant = match.groups()
        if quoted is not None:
            args.append(re.sub(r"\\(.)", r"\1", quoted) if "\\" in quoted else quoted)
        else:
            args.append(int(number) if number is not None else constant)
    return text[:open_at], tuple(args)


def _term(term: Term | None) -> str:
    if isinstance(term, Var):
        return term.name if not term.name.startswith("_") else "V" + term.name
    if isinstance(term, int):
        return str(term)
    return '"' + str(term).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _literal(literal: Literal) -> str:
    if isinstance(literal, Atom):
        text = f"{literal.pred}({', '.join(_term(a) for a in literal.args)})"
        return "not " + text if literal.negated else text
    if isinstance(literal, Compare):
        return f"{_term(literal.left)} {_OPS[literal.op]} {_term(literal.right)}"
    value = _term(literal.left) + (f" {literal.op} {_term(literal.right)}" if literal.op else "")
    return f"{_term(literal.var)} = {value}"


def _rule(rule: Rule) -> str:
    head = _literal(rule.head)
    return f"{head} :- {', '.join(_literal(b) for b in rule.body)}." if rule.body else head + "."


def _fact(fact: Fact) -> str:
    return f"{fact.pred}({', '.join(_term(a) for a in fact.args)})."
