"""The vocabulary of the rules (`rules/predicates.yaml`): predicates, their
arguments, where their facts come from, how they read, what they conclude."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import RuleError

ARG_TYPES = frozenset(
    {"request", "state", "entity", "instrument", "organisation", "measure", "ground",
     "date", "days", "bool", "text"}
)
# what a template may name besides its predicate's arguments: the scenario's States and day
# (filled in by KnowledgeBase._context), and {period} where the predicate has a `from` and
# an `until` (Explainer.says)
SCENARIO_PLACEHOLDERS = frozenset({"requesting_state", "requested_state", "date"})
CONCLUSION_TYPES = frozenset(
    {"instrument", "refusal_ground", "substitution", "obligation", "deadline", "channel", "condition"}
)


@dataclass(frozen=True)
class Predicate:
    name: str
    args: tuple[tuple[str, str], ...]  # (argument name, type)
    says: dict[str, str]  # language -> template
    ontology: dict[str, Any] | None = None
    scenario: str | None = None
    conclusion: dict[str, str] | None = None
    absent: bool = False  # a scenario fact that holds when its field is left out

    @property
    def arity(self) -> int:
        return len(self.args)

    @property
    def arg_names(self) -> list[str]:
        return [name for name, _ in self.args]

    @property
    def is_fact(self) -> bool:
        """True when its facts come from the ontology or the scenario, not from rules."""
        return self.ontology is not None or self.scenario is not None


@dataclass
class Vocabulary:
    predicates: dict[str, Predicate] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Predicate:
        return self.predicates[name]

    def __contains__(self, name: object) -> bool:
        return name in self.predicates

    def __iter__(self):
        return iter(self.predicates.values())

    def conclusions(self) -> list[Predicate]:
        return [p for p in self if p.conclusion]


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's, where built
    """A YAML loader that refuses a key given twice (plain YAML keeps the last silently)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise RuleError(f"line {key_node.start_mark.line + 1}: {key!r} is declared twice")
            seen.add(key)
        return super().construct_mapping(node, deep)


def load_vocabulary(path: Path) -> Vocabulary:
    """Read and check `predicates.yaml`."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader) or {}
    except RuleError as exc:
        raise RuleError(f"{path.name}: {exc}") from None
    vocabulary = Vocabulary()
    for name, spec in data.items():
        where = f"{path.name}: predicate {name!r}"
        unknown = set(spec) - {"args", "says", "ontology", "scenario", "conclusion", "absent"}
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}")
        args = tuple((str(k), str(v)) for k, v in (spec.get("args") or {}).items())
        bad = [t for _, t in args if t not in ARG_TYPES]
        if not args or bad:
            raise RuleError(f"{where}: needs args with types from {sorted(ARG_TYPES)}")
        says = spec.get("says")
        says = {"en": says} if isinstance(says, str) else says
        if not says or not says.get("en"):
            raise RuleError(f"{where}: needs a 'says' template, at least in English (en)")
        fields = {lang: re.findall(r"{(\w+)(?::([^{}]*))?}", t) for lang, t in says.items()}
        placeholders = {lang: {name for name, _ in found} for lang, found in fields.items()}
        if any(p != placeholders["en"] for p in placeholders.values()):
            raise RuleError(f"{where}: the 'says' templates use different placeholders: {placeholders}")
        named = {name for name, _ in args}
        known = named | SCENARIO_PLACEHOLDERS | ({"period"} if {"from", "until"} <= named else set())
        if placeholders["en"] - known:
            raise RuleError(f"{where}: the 'says' template names {sorted(placeholders['en'] - known)},"
                            " neither an argument nor a field of the scenario")
        strays = {spec for found in fields.values() for _, spec in found if "|" not in spec}
        strays -= placeholders["en"] | {""}
        if strays:  # {verb:name} agrees with a placeholder of the template
            raise RuleError(f"{where}: a verb agrees with no placeholder of the template: {sorted(strays)}")
        conclusion = spec.get("conclusion")
        if conclusion and conclusion.get("type") not in CONCLUSION_TYPES:
            raise RuleError(f"{where}: conclusion type must be one of {sorted(CONCLUSION_TYPES)}")
        absent = bool(spec.get("absent"))
        if absent and (not spec.get("scenario") or len(args) != 1):
            raise RuleError(f"{where}: 'absent' needs a scenario field and the request as its only argument")
        vocabulary.predicates[name] = Predicate(
            name, args, says, spec.get("ontology"), spec.get("scenario"), conclusion, absent
        )
    return vocabulary
