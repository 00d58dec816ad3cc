"""The knowledge base: ontology facts and rules loaded once; assessments of scenarios."""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .engine import Engine, Model
from .errors import InputError, RuleError, shown
from .lint import lint
from .messages import check_language, human_date, text
from .ontology import OPEN, Fact, Ontology, iso_date, load_graph
from .proof import Explainer, RuleBook
from .rules import Atom, Rule, Var, parse_rule_files
from .scenario import Scenario, parse_scenario
from .vocabulary import Predicate, Vocabulary, load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
REQUEST = "request"  # the constant that stands for the request in scenario facts
ENGINES = ("pydatalog", "clingo")


class KnowledgeBase:
    """Load once, then `assess()` any number of scenarios; each assessment is independent."""

    def __init__(self, ontology_dir: Path = ROOT / "ontology", rules_dir: Path = ROOT / "rules",
                 engine: str = "pydatalog") -> None:
        self.ontology = Ontology(load_graph(ontology_dir))
        self.vocabulary: Vocabulary = load_vocabulary(rules_dir / "predicates.yaml")
        self.rules: list[Rule] = parse_rule_files(rules_dir)
        problems = lint(self.rules, self.vocabulary, self.ontology)
        if problems:  # never load a broken rule set: negation through a cycle hangs pyDatalog
            raise RuleError("the rules do not lint clean:\n" + "\n".join(problems))
        self.facts: list[Fact] = self.ontology.facts(self.vocabulary)
        self.book = RuleBook(self.rules, self.vocabulary, self.facts)
        # Each rule that concludes, with its gate, its head's constants and the kind of each
        # variable: the candidates an open question is looked for among (`_open_questions`).
        self._concluding = [(p, rule, _gate(rule), _slots(rule, p))
                            for p in self.vocabulary.conclusions() for rule in self.book.by_head[p.name]]
        if engine not in ENGINES:
            raise InputError(f"unknown engine {shown(engine)}; accepted: {', '.join(ENGINES)}")
        if engine == "clingo":
            from .clingo_engine import ClingoEngine

            self.engine: Engine | ClingoEngine = ClingoEngine(self.vocabulary, self.rules, self.facts)
        else:
            self.engine = Engine(self.vocabulary, self.rules, self.facts)
        # What was just loaded lives as long as the knowledge base: take it out of the
        # garbage collector's sight, so that the collections an assessment sets off scan
        # what it allocates, not the whole knowledge base again.
        gc.collect()
        gc.freeze()

    def turning_points(self, states: set[str]) -> list[dt.date]:
        """The days on which something that binds one of these States (or the Union) begins,
        or the day after it ends: a binding, a membership, a declaration or reservation."""
        days: set[int] = set()
        for fact in self.facts:
            if fact.pred in ("bound", "member", "declared", "reserved") and \
                    fact.args[0] in states | {"EU"}:
                start, end = fact.args[-2], fact.args[-1]
                days |= {start} if end == OPEN else {start, end + 1}
        return [dt.date.fromordinal(d) for d in sorted(days)]

    def scenario(self, data: dict[str, Any]) -> Scenario:
        """Validate plain scenario data (raises InputError)."""
        return parse_scenario(data, self.ontology)

    def assess(self, scenario: Scenario | dict[str, Any], lang: str = "en") -> dict[str, Any]:
        """The assessment of a scenario, as the JSON contract of DESIGN.md, its sentences in
        English, French or Dutch."""
        scenario, explainer = self._explain(scenario, lang)
        conclusions = self._conclusions(explainer)
        return {
            "scenario": scenario.as_dict(),
            "as_of": scenario.get("date").isoformat(),
            "lang": lang,
            "heading": self.heading(scenario, lang),
            "conclusions": conclusions,
            "open_questions": self._open_questions(explainer, scenario, conclusions),
        }

    def why_not(self, scenario: Scenario | dict[str, Any], conclusion_id: str,
                lang: str = "en") -> dict[str, Any]:
        """Why a conclusion does not follow: for each rule that could conclude it, the
        first condition that fails, with its article. If it does follow, its proof."""
        matches = self.conclusion_patterns(conclusion_id)
        scenario, explainer = self._explain(scenario, lang)
        result: dict[str, Any] = {"scenario": scenario.as_dict(), "conclusion": conclusion_id,
                                  "lang": lang, "heading": self.heading(scenario, lang),
                                  "follows": False, "reasons": []}
        for conclusion in self._conclusions(explainer):
            if conclusion["id"] == conclusion_id:
                return {**result, "follows": True, "proof": conclusion["proof"]}
        for predicate, args in matches:
            result["reasons"] += explainer.why_not(predicate.name, args)
        return result

    def conclusion_patterns(self, conclusion_id: str) -> list[tuple[Predicate, tuple]]:
        """The conclusion predicates that can give this id, with the arguments it fixes;
        an id no rule can conclude is bad input."""
        matches = [(p, args) for p in self.vocabulary.conclusions()
                   if (args := _args_for_id(p, conclusion_id)) is not None]
        if not matches:
            patterns = sorted({p.conclusion["id"] for p in self.vocabulary.conclusions()})
            raise InputError(f"unknown conclusion id {shown(conclusion_id)}; accepted: ids of the forms"
                             f" {', '.join(patterns)}")
        return matches

    def _explain(self, scenario: Scenario | dict[str, Any], lang: str = "en"
                 ) -> tuple[Scenario, Explainer]:
        """Derive what follows from a scenario, and an explainer over it."""
        check_language(lang)
        if isinstance(scenario, dict):
            scenario = self.scenario(scenario)
        facts, unknown = scenario.facts(self.vocabulary, REQUEST)
        model = self.engine.derive(facts)  # the engine takes one scenario at a time
        explainer = Explainer(model, self.book, self.vocabulary, self.ontology,
                              facts, unknown, self._context(scenario, lang), lang)
        return scenario, explainer

    def heading(self, scenario: Scenario, lang: str = "en") -> str:
        """The request in words: who asks whom, received on what day."""
        context = self._context(scenario, lang)
        return text(lang, "request", requesting=context["requesting_state"],
                    requested=context["requested_state"], date=context["date"])

    def _context(self, scenario: Scenario, lang: str = "en") -> dict[str, str]:
        name = self.ontology.phrase
        return {"requesting_state": name(scenario.get("requesting_state"), lang),
                "requested_state": name(scenario.get("requested_state"), lang),
                "date": human_date(scenario.get("date"), lang)}

    def _conclusions(self, explainer: Explainer, proofs: bool = True) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for predicate in self.vocabulary.conclusions():
            pattern = _pattern(predicate, REQUEST)
            for bindings in explainer.model.ask([pattern]):
                args = tuple(bindings.get(t.name) if isinstance(t, Var) else t
                             for t in pattern.args)
                conclusion = self._conclusion(explainer, predicate, args, proofs)
                if conclusion["id"] not in found:
                    found[conclusion["id"]] = conclusion
        return sorted(found.values(), key=_conclusion_order)

    def _conclusion(self, explainer: Explainer, predicate: Predicate, args: tuple,
                    proofs: bool = True) -> dict[str, Any]:
        spec = predicate.conclusion or {}
        raw = {name: (iso_date(value) if kind == "date" else value)
               for (name, kind), value in zip(predicate.args, args, strict=True)}
        statement = explainer.says(predicate.name, args)
        conclusion = {
            "id": spec["id"].format(**raw),
            "type": spec["type"],
            "statement": statement[0].upper() + statement[1:] + ".",
            "effect": spec["effect"].format(**raw) if "effect" in spec else None,
            "value": spec["value"].format(**raw) if "value" in spec else None,
        }
        if not proofs:  # the citations of the rule that concludes, without the proof below it
            return {**conclusion, "citations": explainer.citations(
                explainer.concluding_rule(predicate.name, args))}
        proof = explainer.prove(predicate.name, args)
        citations, depends = _read_proof(proof)
        conclusion.update(citations=citations, proof=proof)
        if depends:
            conclusion["depends_on"] = depends
        return conclusion

    def assess_many(self, scenarios: list[dict[str, Any]], proofs: bool = False
                    ) -> Iterator[dict[str, Any]]:
        """Assessments of many scenarios, in order; a bad scenario yields {"error": ...}.

        Without proofs, each conclusion carries the citations of the rule that concludes
        it. The clingo engine solves many scenarios at once."""
        parsed: list[Scenario | str] = []
        for data in scenarios:
            try:
                parsed.append(self.scenario(data))
            except InputError as exc:
                parsed.append(" ".join(str(exc).split()))
        explainers = self.explainers([p for p in parsed if isinstance(p, Scenario)], brief=not proofs)
        for scenario in parsed:
            if isinstance(scenario, str):
                yield {"error": scenario}
                continue
            explainer = next(explainers)
            conclusions = self._conclusions(explainer, proofs)
            result = {"scenario": scenario.as_dict(), "as_of": scenario.get("date").isoformat(),
                      "lang": "en", "heading": self.heading(scenario), "conclusions": conclusions}
            if proofs:
                result["open_questions"] = self._open_questions(explainer, scenario, conclusions)
            yield result

    def explainers(self, scenarios: list[Scenario], chunk: int = 500, brief: bool = False
                   ) -> Iterator[Explainer]:
        """An explainer per scenario, in order, deriving a chunk of scenarios at a time. A
        `brief` explainer knows the conclusions and their rules, enough for citations
        without proofs, where the engine can give that alone (clingo)."""
        for start in range(0, len(scenarios), chunk):
            part = {f"{REQUEST}-{n}": s for n, s in enumerate(scenarios[start:start + chunk])}
            facts = {r: s.facts(self.vocabulary, r) for r, s in part.items()}
            models = self._derive_many({r: f for r, (f, _) in facts.items()}, brief)
            for request, scenario in part.items():
                own, unknown = facts[request]
                renamed = [Fact(f.pred, (REQUEST, *f.args[1:]), f.source) for f in own]
                yield Explainer(models[request], self.book, self.vocabulary, self.ontology,
                                renamed, unknown, self._context(scenario))

    def outcomes(self, scenarios: list[Scenario], conclusion_id: str) -> list[tuple]:
        """For each scenario: whether the conclusion follows, with its effect and value."""
        outcomes = []
        for explainer in self.explainers(scenarios, brief=True):
            found = [c for c in self._conclusions(explainer, proofs=False) if c["id"] == conclusion_id]
            outcomes.append((True, found[0]["effect"], found[0]["value"]) if found else
                            (False, None, None))
        return outcomes

    def _derive_many(self, scenarios: dict[str, list[Fact]], brief: bool) -> dict[str, Model]:
        """A model per request, each keyed by REQUEST as `assess` is."""
        if hasattr(self.engine, "derive_many"):
            return self.engine.derive_many(scenarios, rename=REQUEST, brief=brief)
        return {r: self.engine.derive([Fact(f.pred, (REQUEST, *f.args[1:]), f.source) for f in facts])
                for r, facts in scenarios.items()}

    def _open_questions(self, explainer: Explainer, scenario: Scenario,
                        conclusions: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Conclusions that do not follow now but could, once unknown facts are known."""
        have = {c["id"] for c in conclusions}
        candidates = {"request": [REQUEST], "measure": scenario.get("measures") or [],
                      "state": [scenario.get("requested_state"), scenario.get("requesting_state")]}
        questions: dict[str, dict[str, Any]] = {}
        gate_open: dict[str, bool] = {}  # whether a gate holds or could, once facts are known
        for predicate, rule, gate, slots in self._concluding:
            if not explainer.reads_unknown(rule.id):
                continue
            if gate is not None:  # many rules share one: ask it once, at the depth the search
                if gate not in gate_open:  # of the rule would ask it
                    gate_open[gate] = explainer.open_dependencies(gate, (REQUEST,), 1) is not None
                if not gate_open[gate]:
                    continue
            choices = [[t] if t is not None else candidates.get(kind, []) for t, kind in slots]
            for args in itertools.product(*choices):
                raw = dict(zip(predicate.arg_names, args, strict=True))
                try:
                    cid = predicate.conclusion["id"].format(**raw)
                except KeyError:
                    continue
                if cid in have:
                    continue
                needs = explainer.rule_dependencies(rule, args)
                if not needs or (cid in questions and len(questions[cid]["depends_on"]) <= len(needs)):
                    continue
                questions[cid] = {
                    "conclusion": cid,
                    "depends_on": sorted(needs),
                    "statement": text(explainer.lang, "open_question", label=rule.citations[0].label,
                                      fields=", ".join(sorted(needs))),
                    "rule": rule.id,
                    "citations": explainer.citations(rule),
                }
        return list(questions.values())


_TYPE_ORDER = ["instrument", "refusal_ground", "substitution", "obligation", "deadline",
               "channel", "condition"]
# Instruments in order of precedence: what governs, what supplements it, what applies
# beside it, and last what a request rests on when no treaty does.
_INSTRUMENT_ORDER = ["governs", "supplements", "applies_alongside"]


def _gate(rule: Rule) -> str | None:
    """The rule's first premise, if it says something of the request alone ("the TCA
    applies"): where it cannot hold, nor come to, the rule concludes nothing."""
    first = rule.body[0] if rule.body else None
    if isinstance(first, Atom) and not first.negated and len(first.args) == 1 \
            and first.args == rule.head.args[:1] and isinstance(first.args[0], Var):
        return first.pred
    return None


def _slots(rule: Rule, predicate: Predicate) -> list[tuple[Any, str]]:
    """Each argument of the rule's head: its constant (None for a variable) and its kind."""
    return [(None if isinstance(term, Var) else term, kind)
            for term, (_, kind) in zip(rule.head.args, predicate.args, strict=True)]


def _conclusion_order(conclusion: dict[str, Any]) -> tuple:
    effect = conclusion.get("effect")
    rank = (_INSTRUMENT_ORDER.index(effect) if effect in _INSTRUMENT_ORDER else len(_INSTRUMENT_ORDER)
            ) if conclusion["type"] == "instrument" else 0
    return _TYPE_ORDER.index(conclusion["type"]), rank, conclusion["id"]


def _pattern(predicate: Predicate, request: str) -> Atom:
    return Atom(predicate.name, tuple(request if i == 0 else Var(f"A{i}")
                                      for i in range(predicate.arity)))


def _args_for_id(predicate: Predicate, conclusion_id: str) -> tuple | None:
    """The arguments a conclusion id fixes (None for the others), if the id fits the pattern."""
    pattern = re.escape(predicate.conclusion["id"])
    for name in predicate.arg_names:
        pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<{name}>[^.]+)")
    match = re.fullmatch(pattern, conclusion_id)
    if match is None:
        return None
    values = match.groupdict()
    return tuple(REQUEST if kind == "request" else values.get(name)
                 for name, kind in predicate.args)


def _read_proof(proof: dict) -> tuple[list[dict], list[str]]:
    """The citations of the rule that concluded, then of the rules it rests on, once
    each; and the unknown facts that, once known, could undo the conclusion (through a
    negation)."""
    seen: set[str] = set()
    citations: list[dict] = []
    unless: set[str] = set()
    stack = [proof]
    while stack:
        node = stack.pop()
        for citation in node.get("citations", ()):
            if citation["label"] not in seen:
                seen.add(citation["label"])
                citations.append(citation)
        unless.update(node.get("unless", ()))
        stack.extend(reversed(node.get("premises", ())))
    return citations, sorted(unless)
