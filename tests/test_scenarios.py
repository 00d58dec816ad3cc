"""The law, case by case: tests/scenarios/*.yaml state a scenario pinned to a date,
the conclusions expected with the article expected to justify each, the
conclusions that must not follow, and what an open answer depends on."""

import datetime as dt

import pytest
from conftest import scenario_cases

CASES = scenario_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c['file']}: {c['name']}" for c in CASES])
def test_case(kb, case):
    assessment = kb.assess(case["scenario"])
    found = {c["id"]: c for c in assessment["conclusions"]}
    for expected in case.get("expect", []):
        assert expected["id"] in found, f"{expected['id']} does not follow; got {sorted(found)}"
        conclusion = found[expected["id"]]
        for key in ("type", "effect", "value"):
            if key in expected:
                want = expected[key]
                want = want.isoformat() if isinstance(want, dt.date) else want
                assert conclusion[key] == want, f"{expected['id']}.{key}"
        if "cites" in expected:
            assert conclusion["citations"][0]["label"] == expected["cites"]
        if "depends_on" in expected:
            assert conclusion.get("depends_on", []) == expected["depends_on"]
    for absent in case.get("absent", []):
        assert absent not in found, f"{absent} should not follow"
    for label in case.get("covers", []):  # the case must be about a provision that is encoded
        assert any(ref.label == label for rule in kb.rules for ref in rule.citations), label
    questions = {q["conclusion"]: q["depends_on"] for q in assessment["open_questions"]}
    for conclusion_id, fields in case.get("open", {}).items():
        assert questions.get(conclusion_id) == fields
