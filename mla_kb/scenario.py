"""Scenarios (the question a user asks): read, validate, normalise, turn into facts.

The format is the scenario contract of DESIGN.md. Unknown keys are errors;
a fact left out or null is unknown, never false.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, shown
from .ontology import Fact, Ontology
from .vocabulary import Vocabulary

PENALTIES = ("none", "enforced", "being_enforced", "cannot_be_enforced", "not_enforced")
TRANSMITTERS = ("public_prosecutor", "central_authority", "judicial_authority",
                "europol", "eurojust", "interpol")
INTERCEPTION_SUBJECT_PLACES = ("requesting_state", "requested_state", "third_state")
STATE_ALIASES = {"EL": "GR", "UK": "GB"}

# field -> kind; a dict is a nested section. Kinds: state, date, bool, int, text,
# measures (a list of measure ids), per_measure (measure id -> bool), and enumerations.
FORMAT: dict[str, Any] = {
    "id": "text",
    "requesting_state": "state",
    "requested_state": "state",
    "date": "date",
    "measures": "measures",
    "urgent": "bool",
    "offence": {
        "label": "text", "fiscal": "bool", "political": "bool", "military": "bool",
        "road_traffic": "road_traffic", "injury_or_death": "bool",
        "excess_speed_significant": "bool", "category": "annex_d", "max_penalty_months": "int",
        "offence_in_requested_state": "bool", "extraditable_in_requested_state": "bool",
        "max_penalty_months_in_requested_state": "int",
        "transnational": "bool", "organised_criminal_group": "bool",
        "legal_person_liable": "bool",
    },
    "person": {"finally_judged_in": "state", "same_acts": "bool", "penalty": PENALTIES,
               "consents_to_videoconference": "bool", "consents_to_transfer": "bool"},
    "facts": {
        "measure_exists_in_requested_state": "per_measure",
        "available_in_similar_domestic_case": "per_measure",
        "alternative_measure_available": "per_measure",
        "evidence_already_held": "per_measure",
        "held_evidence_obtainable": "per_measure",
        "less_intrusive_measure_available": "bool",
        "necessary_and_proportionate": "bool",
        "request_complete": "bool",
        "prejudices_essential_interests": "bool",
        "search_consistent_with_requested_state_law": "bool",
        "evidence_on_oath_requested": "bool",
        "presence_needed_in_requested_state": "bool",
        "transfer_prolongs_detention": "bool",
        "overriding_grounds_against_transfer": "bool",
        "immunity_or_privilege": "bool",
        "harms_national_security": "bool",
        "incompatible_with_fundamental_rights": "bool",
        "administrative_proceedings": "bool",
        "administrative_authority_investigating_for_prosecution": "bool",
        "committed_in_requested_state_outside_requesting": "bool",
        "measure_restricted_to_offences": "bool",
        "videoconference_contrary_to_fundamental_principles": "bool",
        "could_be_ordered_in_requesting_state": "per_measure",
        "further_measures_appropriate": "bool",
        "formalities_cannot_be_complied_with": "bool",
        "costs_exceptionally_high": "bool",
        "videoconference_means_available": "bool",
        "executing_authority_known": "bool",
        "evidence_to_remain_in_requested_state": "bool",
        "issued_by_judicial_authority": "bool",
        "validated_by_judicial_authority": "bool",
        "supplements_earlier_request": "bool",
        "requesting_authority_takes_part_in_execution": "bool",
        "witness_at_risk": "bool",
        "time_limit_cannot_be_met": "bool",
        "execution_date_requested": "date",
        "standard_form_used": "bool",
        "other_mla_treaty": "bool",
        "transmitted_by": TRANSMITTERS,
        "decision_date": "date",
        "consultation_concluded_on": "date",
        "prejudices_ongoing_investigation": "bool",
        "evidence_used_in_other_proceedings": "bool",
        "subject_known_present_when_ordered": "bool",
        "interception_subject_in": INTERCEPTION_SUBJECT_PLACES,
    },
}
REQUIRED = ("requesting_state", "requested_state", "date")
# The days a scenario may fall on: wide enough for any question of this law, narrow
# enough that every deadline computed from them is still a date.
DATES = (dt.date(1900, 1, 1), dt.date(2199, 12, 31))


class _Loader(yaml.SafeLoader):
    """YAML as scenarios are read: only true and false are booleans (as in YAML 1.2),
    so that Norway, NO, stays a State and does not become the YAML 1.1 boolean false."""


_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def load_yaml(text: str) -> Any:
    """Parse YAML text with the scenario loader."""
    return yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader


def _leaves(spec: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for name, kind in spec.items():
        if isinstance(kind, dict):
            yield from _leaves(kind, f"{prefix}{name}.")
        else:
            yield prefix + name, kind


FIELDS: dict[str, Any] = dict(_leaves(FORMAT))  # field path ("person.penalty") -> kind


@dataclass
class Scenario:
    """A validated scenario: its normalised values by field path ("person.penalty")."""

    values: dict[str, Any] = field(default_factory=dict)

    def get(self, path: str) -> Any:
        return self.values.get(path)

    def as_dict(self) -> dict[str, Any]:
        """The scenario as understood, nested as in the input, dates as ISO strings."""
        out: dict[str, Any] = {}
        for path, value in self.values.items():
            *sections, name = path.split(".")
            target = out
            for section in sections:
                target = target.setdefault(section, {})
            target[name] = value.isoformat() if isinstance(value, dt.date) else value
        return out

    def changed(self, path: str, value: Any) -> Scenario:
        return Scenario({**self.values, path: value})

    def variations(self, choices: dict[str, list], dates: list[dt.date], numbers: list[int]
                   ) -> Iterator[tuple[str, Any]]:
        """Single changes of one fact: (field path, new value). Booleans flip or become known,
        choices take their other values, per-measure facts change for each measure asked for,
        the day of receipt moves to the `dates` given, numbers to the `numbers` given."""
        for path, kind in FIELDS.items():
            current = self.values.get(path)
            if kind == "bool" or isinstance(kind, tuple) or kind in choices:
                options = (True, False) if kind == "bool" else (kind if isinstance(kind, tuple)
                                                                 else choices[kind])
                yield from ((path, v) for v in options if v != current)
            elif kind == "per_measure":
                for measure in self.values.get("measures", []):
                    for value in (True, False):
                        if (current or {}).get(measure) != value:
                            yield path, {**(current or {}), measure: value}
            elif kind == "date" and path == "date":
                yield from ((path, d) for d in dates if d != current)
            elif kind == "int":
                yield from ((path, n) for n in numbers if n != current)

    def facts(self, vocabulary: Vocabulary, request: str) -> tuple[list[Fact], set[str]]:
        """The scenario's facts about `request`, and the fields the rules read that are unknown.

        A per-measure field ("facts.available_in_similar_domestic_case") that says nothing
        of a requested measure is unknown for that measure: "<field>.<measure>". A predicate
        marked `absent` holds when its field is left out (or empty).
        """
        facts: list[Fact] = []
        unknown: set[str] = set()
        for predicate in vocabulary:
            field_path = predicate.scenario
            if field_path is None:
                continue
            value = self.values.get(field_path)
            if predicate.absent:
                if not value:
                    facts.append(Fact(predicate.name, (request,), "scenario"))
                continue
            if FIELDS[field_path] == "per_measure":
                unknown |= {f"{field_path}.{m}" for m in self.values.get("measures", [])
                            if m not in (value or {})}
            elif value is None:
                unknown.add(field_path)
            if value is None:
                continue
            for args in _fact_args(value):
                facts.append(Fact(predicate.name, (request, *args), "scenario"))
        return facts, unknown


def _fact_args(value: Any) -> list[tuple]:
    if isinstance(value, list):
        return [(_atom(v),) for v in value]
    if isinstance(value, dict):
        return [(k, _atom(v)) for k, v in value.items()]
    return [(_atom(value),)]


def _atom(value: Any) -> str | int:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.toordinal()
    return value


def read_scenario_file(path: Path) -> dict[str, Any]:
    """Read a YAML or JSON scenario file into plain data."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the scenario file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not a text file in UTF-8 (byte {exc.start}); accepted: a YAML"
                         " or JSON scenario") from exc
    try:
        data = json.loads(text) if path.suffix == ".json" else load_yaml(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON: line {exc.lineno}, column {exc.colno}:"
                         f" {exc.msg}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise InputError(f"{path}: not valid YAML:{where} {problem}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}: a scenario is a mapping of fields (requesting_state, date, ...)")
    return data


def parse_scenario(data: dict[str, Any], ontology: Ontology) -> Scenario:
    """Validate plain scenario data against the format and the ontology."""
    checker = _Checker(ontology)
    scenario = Scenario()
    checker.section(data, FORMAT, "", scenario.values)
    missing = [name for name in REQUIRED if scenario.values.get(name) is None]
    if missing:
        raise InputError(f"scenario: missing required field(s): {', '.join(missing)}")
    return scenario


class _Checker:
    def __init__(self, ontology: Ontology) -> None:
        self.states = ontology.ids_of("State")
        self.measures = ontology.ids_of("InvestigativeMeasure")
        self.road_traffic = ontology.ids_of("RoadTrafficOffence")
        self.annex_d = ontology.ids_of("AnnexDCategory")

    def section(self, data: Any, spec: dict[str, Any], prefix: str, out: dict[str, Any]) -> None:
        where = prefix.rstrip(".") or "scenario"
        if not isinstance(data, dict):
            raise InputError(f"{where}: expected a mapping of fields; accepted: {', '.join(spec)}")
        for key, value in data.items():
            if key not in spec:
                raise InputError(f"{where}: unknown key {shown(key)}{_suggest(str(key), spec)};"
                                 f" accepted: {', '.join(spec)}")
            kind = spec[key]
            if isinstance(kind, dict):
                if value is not None:
                    self.section(value, kind, f"{prefix}{key}.", out)
            elif value is not None:
                out[prefix + key] = self.value(value, kind, prefix + key)

    def value(self, value: Any, kind: Any, path: str) -> Any:
        if isinstance(kind, tuple):
            return _choice(str(value), kind, path, "value")
        if kind == "state":
            code = STATE_ALIASES.get(str(value).upper(), str(value).upper())
            if code not in self.states:
                raise InputError(f"{path}: unknown State {shown(value)}{_suggest(str(value), self.states)};"
                                 " accepted: ISO 3166-1 alpha-2 codes such as NL, GB, DE (EL and UK"
                                 " are read as GR and GB)")
            return code
        if kind == "date":
            return parse_date(value, path)
        if kind == "bool":
            if not isinstance(value, bool):
                raise InputError(f"{path}: expected true or false, found {shown(value)}")
            return value
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InputError(f"{path}: expected a whole number, found {shown(value)}")
            return value
        if kind == "text":
            return str(value)
        if kind == "road_traffic":
            return _choice(str(value), tuple(self.road_traffic), path, "road traffic offence")
        if kind == "annex_d":
            return _choice(str(value), tuple(self.annex_d), path, "category of offences of EIO Annex D")
        if kind == "measures":
            items = value if isinstance(value, list) else [value]
            return [_choice(str(m), tuple(self.measures), path, "measure") for m in items]
        if kind == "per_measure":
            if not isinstance(value, dict):
                raise InputError(f"{path}: expected a mapping of measure ids to true or false")
            return {_choice(str(m), tuple(self.measures), path, "measure"):
                    self.value(v, "bool", f"{path}.{m}") for m, v in value.items()}
        raise AssertionError(f"unknown field kind {kind!r}")


def parse_date(value: Any, path: str) -> dt.date:
    """A date of the scenario format (YYYY-MM-DD, within DATES)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value))
        except ValueError:
            raise InputError(f"{path}: {shown(value)} is not a valid date; accepted: YYYY-MM-DD,"
                             " e.g. 2024-03-01") from None
    if not DATES[0] <= value <= DATES[1]:
        raise InputError(f"{path}: {value.isoformat()} is out of range; accepted: dates from"
                         f" {DATES[0].isoformat()} to {DATES[1].isoformat()}")
    return value


def _choice(value: str, accepted: tuple[str, ...], path: str, what: str) -> str:
    if value in accepted:
        return value
    raise InputError(f"{path}: unknown {what} {shown(value)}{_suggest(value, accepted)};"
                     f" accepted: {', '.join(accepted)}")


def _suggest(value: str, accepted) -> str:
    close = difflib.get_close_matches(value, list(accepted), n=1)
    if not close:
        close = [a for a in accepted if a.lower() == value.lower()]
    return f" (did you mean {close[0]!r}?)" if close else ""
