"""The assessment contract: every example and test scenario gives JSON that
validates against docs/assessment.schema.json; no conclusion lacks a citation;
every proof leaf names its source; assessments do not leak into each other."""

import json
import threading

import jsonschema
import pytest
from conftest import ROOT, example_files, scenario_cases

from mla_kb.scenario import read_scenario_file

SCHEMA = json.loads((ROOT / "docs" / "assessment.schema.json").read_text())
SCENARIOS = [read_scenario_file(p) for p in example_files()] + [c["scenario"] for c in scenario_cases()]


def _leaves(node):
    premises = node.get("premises")
    if premises is None:
        yield node
    for premise in premises or []:
        yield from _leaves(premise)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_conclusion_is_cited_and_proved(kb, scenario):
    assessment = json.loads(json.dumps(kb.assess(scenario)))  # what --format json prints
    jsonschema.validate(assessment, SCHEMA)
    for conclusion in assessment["conclusions"]:
        assert conclusion["citations"], f"{conclusion['id']} has no citation"
        assert conclusion["citations"][0] == conclusion["proof"]["citation"]
        for leaf in _leaves(conclusion["proof"]):
            assert "check" in leaf or leaf["source"] == "scenario" or \
                leaf["source"].startswith("https://w3id.org/mla-kb/"), leaf


def test_the_schema_rejects_a_conclusion_without_citation(kb):
    assessment = json.loads(json.dumps(kb.assess(read_scenario_file(example_files()[0]))))
    assessment["conclusions"][0]["citations"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(assessment, SCHEMA)


def test_assessments_do_not_leak_into_each_other(kb):
    judged = {"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01",
              "person": {"finally_judged_in": "DE", "same_acts": True, "penalty": "enforced"}}
    plain = {"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01"}
    ids = lambda a: {c["id"] for c in a["conclusions"]}  # noqa: E731
    assert "refusal.ne_bis_in_idem" in ids(kb.assess(judged))
    assert "refusal.ne_bis_in_idem" not in ids(kb.assess(plain))
    assert kb.assess(plain) == kb.assess(plain)


def test_concurrent_assessments_give_the_answers_of_sequential_ones(kb):
    scenarios = SCENARIOS[:6]
    expected = [kb.assess(s) for s in scenarios]
    results = [None] * len(scenarios)

    def run(i):
        results[i] = kb.assess(scenarios[i])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(scenarios))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [[c["id"] for c in r["conclusions"]] for r in results] == \
           [[c["id"] for c in e["conclusions"]] for e in expected]
