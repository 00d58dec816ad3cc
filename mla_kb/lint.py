"""Rule lint: what makes a rule set wrong before it is ever run.

Each problem names the file and line: a rule without a citation, a citation to
a provision the ontology lacks, a quote that is not in that provision's text, a
predicate used but never declared, a wrong number of arguments, a variable of
the head or of a negation or comparison not bound by a positive atom before it,
a variable that occurs only once (unless its name starts with _), a fact
predicate concluded by a rule, and negation through a cycle (which makes
pyDatalog hang, so the whole set is refused).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from .ontology import Ontology
from .rules import Assign, Atom, Compare, Rule
from .vocabulary import Vocabulary


def lint(rules: list[Rule], vocabulary: Vocabulary, ontology: Ontology) -> list[str]:
    """Every problem of the rule set, as 'file:line: message' lines; empty when clean."""
    problems: list[str] = []
    defined = {rule.head.pred for rule in rules}
    for rule in rules:
        problems += [f"{rule.where}: {message}" for message in _rule_problems(rule, vocabulary)]
        problems += _citation_problems(rule, ontology)
    for predicate in vocabulary:
        if not predicate.is_fact and predicate.name not in defined:
            problems.append(f"predicates.yaml: {predicate.name!r} is neither read from the"
                            " ontology or the scenario nor concluded by any rule")
    problems += _stratification_problems(rules)
    return problems


def _rule_problems(rule: Rule, vocabulary: Vocabulary) -> list[str]:
    problems: list[str] = []
    if not rule.citations:
        problems.append(f"rule {rule.id!r} has no citation: put an '@cite' line above it")
    for atom in (rule.head, *[lit for lit in rule.body if isinstance(lit, Atom)]):
        if atom.pred not in vocabulary:
            problems.append(f"predicate {atom.pred!r} is used but never declared in predicates.yaml")
        elif len(atom.args) != vocabulary[atom.pred].arity:
            problems.append(f"{atom.pred} takes {vocabulary[atom.pred].arity} arguments,"
                            f" not {len(atom.args)}")
    if rule.head.pred in vocabulary and vocabulary[rule.head.pred].is_fact:
        problems.append(f"{rule.head.pred!r} comes from the ontology or the scenario;"
                        " a rule cannot conclude it")
    bound: set[str] = set()
    for literal in rule.body:
        if isinstance(literal, Atom) and not literal.negated:
            bound |= {v.name for v in literal.variables()}
            continue
        needed = literal.variables()
        if isinstance(literal, Assign):
            needed = [v for v in needed if v != literal.var]
        unbound = sorted({v.name for v in needed} - bound)
        if unbound:
            kind = "negation" if isinstance(literal, Atom) else (
                "comparison" if isinstance(literal, Compare) else "sum")
            problems.append(f"variable(s) {', '.join(unbound)} of a {kind} are not bound by a"
                            " positive atom before it")
        if isinstance(literal, Assign):
            bound.add(literal.var.name)
    unbound_head = sorted({v.name for v in rule.head.variables()} - bound)
    if unbound_head:
        problems.append(f"head variable(s) {', '.join(unbound_head)} are not bound by the body")
    counts = Counter(v.name for lit in (rule.head, *rule.body) for v in lit.variables())
    single = sorted(n for n, c in counts.items() if c == 1 and not n.startswith("_"))
    if single:
        problems.append(f"variable(s) {', '.join(single)} occur only once (a typo?); name a"
                        " variable that is meant to be unused with a leading underscore")
    return problems


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


def _citation_problems(rule: Rule, ontology: Ontology) -> list[str]:
    problems: list[str] = []
    for ref in rule.citations:
        where = f"{rule.file}:{ref.line}"
        text = ontology.provision_text(ref)
        if text is None:
            problems.append(f"{where}: {ref.label} is not a provision of the ontology"
                            " (ontology/instruments.ttl)")
            continue
        for piece in (p for p in _normalise(ref.quote).split("...") if p.strip()):
            if _normalise(piece) not in _normalise(text):
                problems.append(f"{where}: the quote {piece.strip()[:60]!r}... is not in the text"
                                f" of {ref.label}")
    return problems


def _stratification_problems(rules: list[Rule]) -> list[str]:
    """Negation through a cycle: p depends negatively on q, and q depends on p."""
    edges: dict[str, set[tuple[str, bool]]] = defaultdict(set)
    where: dict[tuple[str, str], str] = {}
    for rule in rules:
        for literal in rule.body:
            if isinstance(literal, Atom):
                edges[rule.head.pred].add((literal.pred, literal.negated))
                if literal.negated:
                    where.setdefault((rule.head.pred, literal.pred), rule.where)
    problems = []
    for (head, negated), location in where.items():
        if _reaches(edges, negated, head):
            problems.append(f"{location}: {head!r} depends on 'not {negated}', and {negated!r}"
                            f" depends on {head!r}: negation through a cycle is not allowed")
    return problems


def _reaches(edges: dict[str, set[tuple[str, bool]]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        pred = todo.pop()
        if pred == goal:
            return True
        if pred not in seen:
            seen.add(pred)
            todo.extend(target for target, _ in edges.get(pred, ()))
    return False
