"""The law, case by case: tests/scenarios/*.yaml state a scenario pinned to a date,
the conclusions expected with the article expected to justify each (`cites`, and
`also_cites` for provisions further down its proof) and, for an obligation, the State
it binds (`holder`), the conclusions that must not follow, and what an open answer
depends on."""

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
        cited = {c["label"] for c in conclusion["citations"]}
        for label in expected.get("also_cites", []):  # a provision the conclusion rests on further down
            assert label in cited, f"{expected['id']} does not cite {label}"
        if "holder" in expected:  # obligation(request, State, what, effect)
            assert conclusion["proof"]["conclusion"].split(", ")[1] == expected["holder"], expected["id"]
        if "depends_on" in expected:
            assert conclusion.get("depends_on", []) == expected["depends_on"]
    for absent in case.get("absent", []):
        assert absent not in found, f"{absent} should not follow"
    for label in case.get("covers", []):  # the case must be about a provision that is encoded
        assert any(ref.label == label for rule in kb.rules for ref in rule.citations), label
    questions = {q["conclusion"]: q["depends_on"] for q in assessment["open_questions"]}
    for conclusion_id, fields in case.get("open", {}).items():
        assert questions.get(conclusion_id) == fields


def test_a_treaty_with_one_other_party_is_cited_only_where_that_party_is_involved(kb):
    """A bilateral treaty binds its two parties towards each other, an agreement of the
    Union with a third State (the TCA, the EU-US Agreement) the Member States towards that
    State: an answer about other States never cites it."""
    parties: dict[str, set[str]] = {}
    for fact in kb.facts:
        if fact.pred == "bound":
            parties.setdefault(str(fact.args[1]), set()).add(str(fact.args[0]))
    bilateral = {str(f.args[0]) for f in kb.facts if f.pred == "bilateral_treaty"}
    own_right = {i: p - {"EU"} for i, p in parties.items() if i in bilateral or "EU" in p}
    assert {"TCA", "EU-US-MLA-2003", "MLAT-US-NL"} <= set(own_right)
    for case in CASES:
        scenario = case["scenario"]
        states = {scenario["requesting_state"], scenario["requested_state"]}
        for conclusion in kb.assess(scenario)["conclusions"]:
            for citation in conclusion["citations"]:
                treaty = citation["instrument"]
                if treaty in own_right and "EU" in parties[treaty]:
                    assert states & own_right[treaty], (case["name"], conclusion["id"], citation["label"])
                elif treaty in own_right:
                    assert own_right[treaty] == states, (case["name"], conclusion["id"], citation["label"])
