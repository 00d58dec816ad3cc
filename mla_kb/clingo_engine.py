"""A second engine for the same rules: clingo (Potassco's answer-set solver).

The rule objects compile to an answer-set program, parsed once with the ontology
facts; each call grounds and solves the scenarios given (many at once, each under
its own request constant) and returns, per scenario, the same `Model` that the
pyDatalog engine derives. Two independent engines agreeing is evidence that the
encoding, not an engine quirk, decides an answer (tests/test_engines.py). Where no
proof is wanted (bulk runs), a brief model holds only the conclusions and, for each,
the first rule that concludes it, which the program records as it derives.
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

_FIRED = "mla_fired_"  # the rule n that concludes an atom fired: mla_fired_n(head arguments)
_OPS = {"==": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class ClingoEngine:
    def __init__(self, vocabulary: Vocabulary, rules: list[Rule], facts: list[Fact]) -> None:
        self.vocabulary = vocabulary
        concluding = {p.name for p in vocabulary.conclusions()}
        # Beside each rule that concludes, one that records that it fired: a brief model
        # (conclusions only) then still tells which rule concludes each of them.
        self._fired = {f"{_FIRED}{n}": (n, rule) for n, rule in enumerate(rules)
                       if rule.head.pred in concluding}
        program = [*(_rule(r) for r in rules), *(_fact(f) for f in facts)]
        derived = [p for p in vocabulary if not p.is_fact]
        brief_program = [*program, *(_rule(r, name) for name, (_, r) in self._fired.items()),
                         *(_show(p.name, p.arity) for p in derived if p.name in concluding),
                         *(_show(name, len(r.head.args)) for name, (_, r) in self._fired.items())]
        self._programs: dict[bool, list[ast.AST]] = {}  # parsed once: each call adds one to a control
        for brief, text in ((False, [*program, *(_show(p.name, p.arity) for p in derived)]),
                            (True, brief_program)):
            statements: list[ast.AST] = []
            ast.parse_string("\n".join(text), statements.append)
            self._programs[brief] = statements
        self.base = Model(facts_by_predicate(facts))
        self._keyed = {p.name for p in vocabulary if p.args[0][1] == "request"}

    def derive(self, extra: list[Fact], request: str = "request") -> Model:
        return self.derive_many({request: extra}, request)[request]

    def derive_many(self, scenarios: dict[str, list[Fact]], rename: str | None = None,
                    brief: bool = False) -> dict[str, Model]:
        """One model per request: its own atoms on top of the shared ones. With `rename`,
        each request's constant is replaced by `rename` in its model. A `brief` model
        holds the conclusions and the rule that concludes each, not the atoms between."""
        control = clingo.Control(["--warn=none"])
        with ast.ProgramBuilder(control) as builder:
            for statement in self._programs[brief]:
                builder.add(statement)
        control.add("base", [], "\n".join(_fact(f) for facts in scenarios.values() for f in facts))
        control.ground([("base", [])])
        shared: dict[str, set[tuple]] = defaultdict(set)
        keyed: dict[str, dict[str, set[tuple]]] = defaultdict(lambda: defaultdict(set))
        for request, facts in scenarios.items():  # the scenario's own facts, as given
            for fact in facts:
                keyed[request][fact.pred].add((rename or request, *fact.args[1:]))
        firsts: dict[str, dict[tuple[str, tuple], tuple[int, Rule]]] = defaultdict(dict)
        with control.solve(yield_=True) as handle:
            for symbol in next(iter(handle)).symbols(shown=True):  # what the rules derive
                name, row = _atom(str(symbol))
                if name in self._fired:  # the first rule in order is the one a proof starts from
                    n, rule = self._fired[name]
                    atom = (rule.head.pred, (rename or row[0], *row[1:]))
                    known = firsts[row[0]].get(atom)
                    if known is None or n < known[0]:
                        firsts[row[0]][atom] = (n, rule)
                elif name in self._keyed:
                    keyed[row[0]][name].add((rename or row[0], *row[1:]))
                else:
                    shared[name].add(row)
        common = Model(shared, self.base)
        return {request: Model(keyed[request], common, {a: r for a, (_, r) in firsts[request].items()})
                for request in scenarios}


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


def _rule(rule: Rule, head_name: str | None = None) -> str:
    """The rule as clingo writes it; with `head_name`, its head under that name."""
    head = _literal(Atom(head_name, rule.head.args) if head_name else rule.head)
    return f"{head} :- {', '.join(_literal(b) for b in rule.body)}." if rule.body else head + "."


def _show(name: str, arity: int) -> str:
    return f"#show {name}/{arity}."


def _fact(fact: Fact) -> str:
    return f"{fact.pred}({', '.join(_term(a) for a in fact.args)})."
