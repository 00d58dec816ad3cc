"""What would change the answer: the single changes of a scenario's facts that would
remove a conclusion, bring it about, or change its value. For training sessions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .kb import KnowledgeBase
from .messages import check_language
from .rules import Compare
from .scenario import Scenario


def what_would_change(kb: KnowledgeBase, data: Scenario | dict[str, Any],
                      conclusion_id: str, lang: str = "en") -> dict[str, Any]:
    """The single changes of the scenario's facts that change the conclusion (`lang`: the
    language its text is rendered in)."""
    check_language(lang)
    scenario = kb.scenario(data) if isinstance(data, dict) else data
    kb.conclusion_patterns(conclusion_id)  # refuses an id no rule can conclude
    choices = {"road_traffic": kb.ontology.ids_of("RoadTrafficOffence")}
    days = kb.turning_points({scenario.get("requesting_state"), scenario.get("requested_state")})
    around = sorted({d + dt.timedelta(days=shift) for d in days for shift in (-1, 0)})
    variations = list(scenario.variations(choices, around, _thresholds(kb)))
    now, *thens = kb.outcomes([scenario, *(scenario.changed(p, v) for p, v in variations)],
                              conclusion_id)
    changes = [{"field": path, "from": _plain(scenario.get(path)), "to": _plain(value),
                "follows": then[0], "effect": then[1], "value": then[2]}
               for (path, value), then in zip(variations, thens, strict=True) if then != now]
    return {"scenario": scenario.as_dict(), "conclusion": conclusion_id, "lang": lang,
            "heading": kb.heading(scenario, lang), "follows": now[0], "effect": now[1], "value": now[2],
            "changes": _nearest_dates(changes, now, scenario)}


def _thresholds(kb: KnowledgeBase) -> list[int]:
    """The numbers the rules compare with, and their neighbours."""
    numbers: set[int] = set()
    for rule in kb.rules:
        for literal in rule.body:
            if isinstance(literal, Compare):
                for term in (literal.left, literal.right):
                    if isinstance(term, int):
                        numbers |= {term - 1, term, term + 1}
    return sorted(numbers)


def _nearest_dates(changes: list[dict], now: tuple, scenario: Scenario) -> list[dict]:
    """Of the days of receipt on which the conclusion would (not) follow, keep the nearest
    earlier and later one (a deadline's value moves with any day, which says nothing)."""
    day = scenario.get("date").isoformat()
    dated = [c for c in changes if c["field"] == "date" and c["follows"] != now[0]]
    earlier = [c for c in dated if c["to"] < day]
    later = [c for c in dated if c["to"] > day]
    kept = ([max(earlier, key=lambda c: c["to"])] if earlier else []) + \
           ([min(later, key=lambda c: c["to"])] if later else [])
    return [c for c in changes if c["field"] != "date"] + kept


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
