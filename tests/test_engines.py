"""Two engines, one encoding: every example and test scenario gets the same
assessment (conclusions, proofs, open questions) from pyDatalog and from clingo, and
the same conclusions and citations when many are assessed at once without proofs
(where clingo reports only the conclusions and the rule that concludes each)."""

import pytest
from conftest import example_files, scenario_cases

from mla_kb import KnowledgeBase
from mla_kb.scenario import read_scenario_file

SCENARIOS = [read_scenario_file(p) for p in example_files()] + [c["scenario"] for c in scenario_cases()]


@pytest.fixture(scope="module")
def clingo_kb():
    return KnowledgeBase(engine="clingo")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_pydatalog_and_clingo_agree(kb, clingo_kb, scenario):
    assert clingo_kb.assess(scenario) == kb.assess(scenario)


def test_without_proofs_clingo_names_the_same_rules(kb, clingo_kb):
    assert list(clingo_kb.assess_many(SCENARIOS)) == list(kb.assess_many(SCENARIOS))


def test_clingo_atoms_are_read_back_as_they_were_written():
    import clingo

    from mla_kb.clingo_engine import _atom, _fact
    from mla_kb.ontology import Fact

    for args in (("request-5", "ne_bis_in_idem", "may_refuse"), ('a "quoted", (odd) label', 730000, -3),
                 ("back\\slash",)):
        printed = str(clingo.parse_term(_fact(Fact("p", args, "test"))[:-1]))  # as clingo prints it
        assert _atom(printed) == ("p", args)


@pytest.mark.parametrize("state, urgent, expected", [
    ("DE", "true", {"first", "fourth"}), ("DE", "false", {"second", "fourth"}),
    ("FR", "true", {"third", "fifth"}), ("FR", "false", {"fifth"}), ("IT", "true", set()),
])
def test_rules_behind_a_shared_first_premise_conclude_what_each_rule_says(kb, state, urgent, expected):
    """pyDatalog is given rules of one head with the same first premise on the request
    behind one rule that checks it: what they conclude is what each says on its own."""
    from mla_kb.engine import Engine
    from mla_kb.ontology import Fact
    from mla_kb.rules import parse_rule_text

    rules = parse_rule_text(
        "@cite TCA Art LAW.MUTAS.119\n"
        "a: condition(R, first, applies) :- requested_state(R, \"DE\"), urgent(R, true).\n"
        "b: condition(R, second, applies) :- requested_state(R, \"DE\"), urgent(R, false).\n"
        "c: condition(R, third, applies) :- requested_state(R, \"FR\"), urgent(R, true).\n"
        "d: condition(R, fourth, applies) :- requested_state(R, \"DE\").\n"
        "e: condition(R, fifth, applies) :- requested_state(R, \"FR\").\n", "x.rules")
    engine = Engine(kb.vocabulary, rules, [])
    model = engine.derive([Fact("requested_state", ("request", state), "test"),
                           Fact("urgent", ("request", urgent), "test")])
    assert {row[1] for row in model.rows.get("condition", [])} == expected
