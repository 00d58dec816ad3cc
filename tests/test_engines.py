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


def test_rules_that_share_a_guard_conclude_through_one_rule_that_checks_it():
    """pyDatalog is given the rules of one head behind their common first premise on the
    request alone; a rule with no such premise, or alone behind it, is given as written."""
    from mla_kb.engine import _behind_guards
    from mla_kb.rules import Atom, parse_rule_text

    rules = parse_rule_text(
        "@cite TCA Art LAW.MUTAS.119\n"
        "a: condition(R, first, applies) :- requested_state(R, \"DE\"), urgent(R, true).\n"
        "b: condition(R, second, applies) :- requested_state(R, \"DE\"), urgent(R, false).\n"
        "c: condition(R, third, applies) :- requested_state(R, \"FR\").\n"
        "d: condition(R, fourth, applies) :- requesting_state(R, S), requested_state(R, S).\n", "x.rules")
    given = _behind_guards(rules, {"requested_state", "requesting_state", "urgent"})
    [bridge] = [r for r in given if r.head.pred == "condition" and r.id == "x/a"]
    assert bridge.body[0] == Atom("requested_state", (bridge.head.args[0], "DE"))
    inner = bridge.body[1].pred
    assert sorted(r.id for r in given if r.head.pred == inner) == ["x/a", "x/b"]
    assert [r.head.pred for r in given if r.id in ("x/c", "x/d")] == ["condition", "condition"]
