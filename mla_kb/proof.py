"""Proofs, rebuilt from the rule objects: for a true atom, the first rule whose
body holds with the head's values, and the proofs of that body's atoms.

Also the other direction: which unknown scenario facts a conclusion could
depend on (`open_dependencies`), found by asking the same rule bodies with the
literals about unknown facts left out.
"""

from __future__ import annotations

import datetime as dt
from collections import ChainMap, defaultdict

from .engine import Bindings, Model, Value
from .messages import fill, human_date, join, text
from .ontology import OPEN, Fact, Ontology, iso_date
from .rules import Assign, Atom, Compare, Literal, Rule, Term, Var
from .vocabulary import Predicate, Vocabulary

MAX_DEPTH = 12
LABELLED = ("state", "entity", "instrument", "organisation", "measure", "ground", "text")


class RuleBook:
    """The rules as the explainer reads them: by the predicate they conclude, with the
    type of each of their variables. Built once per knowledge base."""

    def __init__(self, rules: list[Rule], vocabulary: Vocabulary, facts: list[Fact]) -> None:
        self.by_head: dict[str, list[Rule]] = defaultdict(list)
        for rule in rules:
            self.by_head[rule.head.pred].append(rule)
        # The same rules by the constant their head has second (a condition's, a ground's or
        # a channel's name), keeping those with a variable there, in order.
        self._by_second: dict[tuple[str, Value], list[Rule]] = defaultdict(list)
        self._unnamed: dict[str, list[Rule]] = defaultdict(list)
        for pred, heads in self.by_head.items():
            named = {_second(rule) for rule in heads} - {None}
            for rule in heads:
                second = _second(rule)
                for constant in named if second is None else (second,):
                    self._by_second[(pred, constant)].append(rule)
                if second is None:
                    self._unnamed[pred].append(rule)
        self.types = {rule.id: _variable_types(rule, vocabulary) for rule in rules}
        self.sources = {(f.pred, f.args): f.source for f in facts}  # the ontology's facts
        self.fields = _fields_read(rules, vocabulary)

    def candidates(self, pred: str, args: tuple[Value | None, ...]) -> list[Rule]:
        """The rules whose head could conclude the atom, in order."""
        if len(args) > 1 and args[1] is not None:
            return self._by_second.get((pred, args[1])) or self._unnamed.get(pred, [])
        return self.by_head[pred]


def _second(rule: Rule) -> Value | None:
    """The constant a rule's head has in second place, if any."""
    args = rule.head.args
    return args[1] if len(args) > 1 and not isinstance(args[1], Var) else None


def _fields_read(rules: list[Rule], vocabulary: Vocabulary) -> dict[str, frozenset[str]]:
    """For each rule (by id) and predicate (by name), the scenario fields its positive
    premises read, directly or through the rules that could prove them (a premise with a
    constant is proved only by rules whose head agrees with it): only these fields can
    leave it open."""
    scenario = {p.name: frozenset({p.scenario}) for p in vocabulary if p.scenario}
    by_head: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules:
        by_head[rule.head.pred].append(rule)
    premises = {rule.id: [(lit.pred, [r.id for r in by_head[lit.pred] if _agree(r.head, lit)])
                          for lit in rule.body if isinstance(lit, Atom) and not lit.negated]
                for rule in rules}
    fields: dict[str, frozenset[str]] = {rule.id: frozenset() for rule in rules}
    changed = True
    while changed:
        changed = False
        for rule in rules:
            more = frozenset().union(*(scenario.get(pred, frozenset()).union(*(fields[r] for r in proving))
                                       for pred, proving in premises[rule.id]))
            if more != fields[rule.id]:
                fields[rule.id], changed = more, True
    by_pred = {p.name: scenario.get(p.name, frozenset()).union(*(fields[r.id] for r in by_head[p.name]))
               for p in vocabulary}
    return {**by_pred, **fields}


def _agree(head: Atom, literal: Atom) -> bool:
    """Whether a rule with this head could prove the literal: no argument where both have
    different constants."""
    return all(isinstance(a, Var) or isinstance(b, Var) or a == b
               for a, b in zip(head.args, literal.args, strict=True))


class Explainer:
    """Builds proof trees and sentences for one assessment."""

    def __init__(self, model: Model, book: RuleBook, vocabulary: Vocabulary,
                 ontology: Ontology, scenario_facts: list[Fact], unknown: set[str],
                 context: dict[str, str], lang: str = "en") -> None:
        self.model, self.vocabulary, self.ontology = model, vocabulary, ontology
        self.lang = lang
        self.book, self.by_head = book, book.by_head
        self.sources = ChainMap({(f.pred, f.args): f.source for f in scenario_facts}, book.sources)
        self.unknown = unknown
        # each unknown field and the fields it is a key of ("facts.x.m" is a key of "facts.x")
        self._unknown_paths = {u.rsplit(".", i)[0] for u in unknown for i in range(u.count(".") + 1)}
        self.context = context  # scenario placeholders: requesting_state, requested_state, date
        self._types = book.types
        self._fields = book.fields
        self._open: dict[tuple, frozenset[str] | None] = {}  # open_dependencies, memoised
        self._proofs: dict[tuple, dict] = {}  # prove, memoised

    # --- sentences ---------------------------------------------------------------

    def says(self, pred: str, args: tuple[Value, ...]) -> str:
        predicate = self.vocabulary[pred]
        values = {name: self.show(value, kind)
                  for (name, kind), value in zip(predicate.args, args, strict=True)}
        if "until" in values:  # {period}: from one day to another, or with no end
            until = args[predicate.arg_names.index("until")]
            values["period"] = text(self.lang, "period_open" if until == OPEN else "period",
                                    start=values["from"], end=values["until"])
        template = predicate.says.get(self.lang) or predicate.says["en"]
        return fill(template, {**self.context, **values}, self.lang)

    def negated(self, sentence: str) -> str:
        """The sentence denied: "it is not the case that ..." in the language."""
        return join(self.lang, text(self.lang, "not"), sentence)

    def show(self, value: Value, kind: str) -> str:
        if kind == "date" and isinstance(value, int):
            return (text(self.lang, "no_end") if value == OPEN
                    else human_date(dt.date.fromordinal(value), self.lang))
        if kind == "bool" and value in ("true", "false"):
            return text(self.lang, str(value))
        if kind in LABELLED:
            phrase = self.ontology.phrase(str(value), self.lang)
            return phrase if phrase != value else phrase.replace("_", " ")  # no label: read the id
        return str(value)

    def atom_text(self, pred: str, args: tuple[Value, ...]) -> str:
        predicate = self.vocabulary[pred]
        shown = [dt.date.fromordinal(a).isoformat() if kind == "date" and isinstance(a, int)
                 and a != OPEN else ("open" if a == OPEN else str(a))
                 for (_, kind), a in zip(predicate.args, args, strict=True)]
        return f"{pred}({', '.join(shown)})"

    # --- proofs ------------------------------------------------------------------------

    def prove(self, pred: str, args: tuple[Value, ...], depth: int = 0) -> dict:
        """The proof tree of a true ground atom (built once: conclusions share premises)."""
        key = (pred, args)
        if key not in self._proofs:
            self._proofs[key] = self._prove(pred, args, depth)
        return self._proofs[key]

    def _prove(self, pred: str, args: tuple[Value, ...], depth: int) -> dict:
        if (pred, args) in self.sources:
            source = self.sources[(pred, args)]
            leaf = {"fact": self.atom_text(pred, args), "source": source,
                    "says": self.says(pred, args)}
            if source != "scenario":
                reference, certainty = self.ontology.provenance(source)
                if reference:
                    leaf["reference"] = reference
                if certainty:
                    leaf["certainty"] = certainty
            return leaf
        if depth > MAX_DEPTH:
            raise RecursionError(f"proof of {pred}{args} is deeper than {MAX_DEPTH}")
        rule, bindings = self._first_rule(pred, args)
        return self._rule_node(rule, args, bindings, depth)

    def concluding_rule(self, pred: str, args: tuple[Value, ...]) -> Rule:
        """The rule a proof of the atom starts from."""
        return self.model.concluded_by.get((pred, args)) or self._first_rule(pred, args)[0]

    def _first_rule(self, pred: str, args: tuple[Value, ...]) -> tuple[Rule, Bindings]:
        """The first rule whose body holds with the head's values, and its bindings."""
        for rule in self.book.candidates(pred, args):
            start = _unify(rule.head, args)
            answers = self.model.ask(rule.body, start, limit=1) if start is not None else []
            if answers:
                return rule, answers[0]
        raise LookupError(f"no rule proves {self.atom_text(pred, args)}")

    def _rule_node(self, rule: Rule, args: tuple[Value, ...], bindings: Bindings,
                   depth: int) -> dict:
        types = self._types[rule.id]
        premises = [self._premise(literal, bindings, types, depth) for literal in rule.body]
        return {
            "rule": rule.id,
            "citation": self.citations(rule)[0],
            "citations": self.citations(rule),
            "where": rule.where,
            "conclusion": self.atom_text(rule.head.pred, args),
            "says": self.says(rule.head.pred, args),
            "bindings": {name: _json_value(value, types.get(name))
                         for name, value in bindings.items()},
            "premises": premises,
        }

    def _premise(self, literal: Literal, bindings: Bindings, types: dict[str, str],
                 depth: int) -> dict:
        if isinstance(literal, Atom):
            args = tuple(_ground(t, bindings) for t in literal.args)
            if not literal.negated:
                return self.prove(literal.pred, args, depth + 1)
            node = {"check": "not " + self.atom_text(literal.pred, args),
                    "says": self.negated(self.says(literal.pred, args))}
            could_change = self.open_dependencies(literal.pred, args)
            if could_change:
                node["unless"] = sorted(could_change)
            return node
        if isinstance(literal, Compare):
            left, right = (self._term(t, bindings, types) for t in (literal.left, literal.right))
            check = f"{left} {literal.op} {right}"
            dates = "date" in {types.get(t.name) for t in literal.variables()}
            if literal.op not in ("==", "!=") and not dates:
                return {"check": check, "says": check}  # numbers: 8 < 12
            open_end = _ground(literal.right, bindings) == OPEN and literal.op in ("<", "<=")
            return {"check": check, "says": text(self.lang, "open_end" if open_end else literal.op,
                                                 left=left, right=right)}
        value = self._term(literal.var, bindings, types)
        expression = self._term(literal.left, bindings, types)
        if literal.op:
            expression += (f" {literal.op} {self._term(literal.right, bindings, types)}"
                           f" {text(self.lang, 'days')}")
        return {"check": f"{literal.var} = {expression}",
                "says": f"{expression} {text(self.lang, 'is')} {value}"}

    def _term(self, term: Term | None, bindings: Bindings, types: dict[str, str]) -> str:
        value = _ground(term, bindings)
        kind = types.get(term.name, "text") if isinstance(term, Var) else "text"
        return self.show(value, kind)

    def citations(self, rule: Rule) -> list[dict]:
        return [self.ontology.citation(ref) for ref in rule.citations]

    # --- why not ------------------------------------------------------------------------

    def why_not(self, pred: str, args: tuple[Value | None, ...], depth: int = 0) -> list[dict]:
        """For each rule that could conclude the atom, the first condition that fails.

        Each entry names the rule and its citation, the conditions that hold (with their
        proofs), and the failing one: a fact the scenario does not state or states
        otherwise, an atom whose own rules fail (explained one level deeper), or a
        negation whose atom holds (with the proof of that atom, and so its article).
        """
        reasons = []
        for rule in self.by_head[pred]:
            start = _unify(rule.head, args)
            if start is None:
                continue
            reached, bindings = self._furthest(list(rule.body), start)
            types = self._types[rule.id]
            held = [self._premise(lit, bindings, types, 0) for lit in rule.body[:reached]]
            reasons.append({
                "rule": rule.id,
                "citation": self.citations(rule)[0],
                "citations": self.citations(rule),
                "where": rule.where,
                "held": held,
                "failed": self._failure(rule.body[reached], bindings, types, depth),
            })
        return reasons

    def _furthest(self, body: list[Literal], bindings: Bindings) -> tuple[int, Bindings]:
        """How many literals of the body can be satisfied in order, and with which bindings."""
        best = (0, bindings)

        def search(index: int, bound: Bindings) -> None:
            nonlocal best
            if index > best[0]:
                best = (index, bound)
            if index < len(body):
                for extended in self.model.ask([body[index]], bound, limit=10):
                    search(index + 1, extended)

        search(0, bindings)
        return best

    def _failure(self, literal: Literal, bindings: Bindings, types: dict[str, str],
                 depth: int) -> dict:
        if isinstance(literal, Compare | Assign):
            node = self._premise(literal, bindings, types, 0)
            return {**node, "says": self.negated(node["says"])}
        args = tuple(_ground(t, bindings) if not isinstance(t, Var) or t.name in bindings
                     else None for t in literal.args)
        shown = tuple("(any)" if a is None else a for a in args)
        if literal.negated:  # the atom holds, and so the negation fails: show why it holds
            atom_args = tuple(a for a in args if a is not None)
            node = {"check": "not " + self.atom_text(literal.pred, shown),
                    "says": self.says(literal.pred, shown)}
            if len(atom_args) == len(args):
                node["because"] = self.prove(literal.pred, atom_args)
            return node
        predicate = self.vocabulary[literal.pred]
        node = {"check": self.atom_text(literal.pred, shown),
                "says": self.negated(self.says(literal.pred, shown))}
        if predicate.scenario is not None:
            unknown = self._unknown_field(predicate, args)
            node["fact"] = predicate.scenario
            node["unknown"] = bool(unknown)
        elif not predicate.is_fact and depth < 2:
            node["reasons"] = self.why_not(literal.pred, args, depth + 1)
        return node

    # --- what an answer depends on -------------------------------------------------------

    def open_dependencies(self, pred: str, args: tuple[Value | None, ...],
                          depth: int = 0) -> frozenset[str] | None:
        """The unknown scenario fields that, once known, could make the atom true.

        None if it cannot become true whatever they are; empty if it is true now.
        `None` in `args` stands for any value.
        """
        key = (pred, args)
        if key not in self._open:
            self._open[key] = self._open_dependencies(pred, args, depth)
        return self._open[key]

    def _open_dependencies(self, pred: str, args: tuple[Value | None, ...],
                           depth: int) -> frozenset[str] | None:
        pattern = Atom(pred, tuple(Var(f"_A{i}") if a is None else a for i, a in enumerate(args)))
        if self.model.holds(pattern):
            return frozenset()
        predicate: Predicate = self.vocabulary[pred]
        if predicate.scenario is not None:
            return self._unknown_field(predicate, args)
        if predicate.is_fact or depth > MAX_DEPTH or not self.reads_unknown(pred):
            return None
        best: frozenset[str] | None = None
        for rule in self.book.candidates(pred, args):
            found = self.rule_dependencies(rule, args, depth)
            if found is not None and (best is None or len(found) < len(best)):
                best = found
        return best

    def rule_dependencies(self, rule: Rule, args: tuple[Value | None, ...],
                          depth: int = 0) -> frozenset[str] | None:
        """The unknown fields that could make the rule conclude its head with these values."""
        if not self.reads_unknown(rule.id):
            return None  # nothing unknown could change it
        start = _unify(rule.head, args)
        return None if start is None else self._open_body(list(rule.body), start, frozenset(), depth)

    def reads_unknown(self, rule_or_pred: str) -> bool:
        """Whether a rule (by id) or predicate reads, through its positive premises, an
        unknown scenario field."""
        return not self._fields[rule_or_pred].isdisjoint(self._unknown_paths)

    def _unknown_field(self, predicate: Predicate, args: tuple[Value | None, ...]
                       ) -> frozenset[str] | None:
        """The unknown scenario field an atom reads, if it is unknown (per measure where keyed)."""
        field_path = predicate.scenario
        if field_path in self.unknown:
            return frozenset({field_path})
        if predicate.arity == 3:  # (request, measure, value): a per-measure field
            keyed = sorted(u for u in self.unknown if u.startswith(field_path + ".")
                           and (args[1] is None or u == f"{field_path}.{args[1]}"))
            if keyed:
                return frozenset(keyed[:1])
        return None

    def _open_body(self, body: list[Literal], bindings: Bindings, needs: frozenset[str],
                   depth: int) -> frozenset[str] | None:
        if not body:
            return needs
        literal, rest = body[0], body[1:]
        if isinstance(literal, Compare | Assign):
            bound = all(v.name in bindings for v in literal.variables()
                        if not (isinstance(literal, Assign) and v == literal.var))
            if not bound:  # depends on a value that is unknown: assume it can hold
                return self._open_body(rest, bindings, needs, depth)
            answers = self.model.ask([literal], bindings)
            return self._open_body(rest, answers[0], needs, depth) if answers else None
        if literal.negated:
            if all(v.name in bindings for v in literal.variables()):
                if self.model.ask([literal], bindings):
                    return self._open_body(rest, bindings, needs, depth)
                return None
            return self._open_body(rest, bindings, needs, depth)
        args = tuple(_ground(t, bindings) if not isinstance(t, Var) or t.name in bindings
                     else None for t in literal.args)
        if self._open.get((literal.pred, args), ()) is None:
            return None  # already found neither to hold nor able to
        for answer in self.model.ask([literal], bindings, limit=5):
            found = self._open_body(rest, answer, needs, depth)
            if found is not None:
                return found
        extra = self.open_dependencies(literal.pred, args, depth + 1)
        if not extra:  # None: impossible; empty: it held, and was handled above
            return None
        return self._open_body(rest, bindings, needs | extra, depth)


def _unify(head: Atom, args: tuple[Value | None, ...]) -> Bindings | None:
    bindings: Bindings = {}
    for term, value in zip(head.args, args, strict=True):
        if value is None:
            continue
        if isinstance(term, Var):
            if bindings.setdefault(term.name, value) != value:
                return None
        elif term != value:
            return None
    return bindings


def _ground(term: Term | None, bindings: Bindings) -> Value:
    if isinstance(term, Var):
        return bindings[term.name]
    return term  # type: ignore[return-value]


def _json_value(value: Value, kind: str | None) -> Value | str | None:
    return iso_date(value) if kind == "date" and isinstance(value, int) else value


def _variable_types(rule: Rule, vocabulary: Vocabulary) -> dict[str, str]:
    """The type of each variable of a rule, from the predicates it appears in."""
    types: dict[str, str] = {}
    for atom in (rule.head, *[lit for lit in rule.body if isinstance(lit, Atom)]):
        if atom.pred in vocabulary:
            for term, (_, kind) in zip(atom.args, vocabulary[atom.pred].args, strict=False):
                if isinstance(term, Var):
                    types.setdefault(term.name, kind)
    for literal in rule.body:
        if isinstance(literal, Assign) and isinstance(literal.left, Var):
            types.setdefault(literal.var.name, types.get(literal.left.name, "text"))
    return types
