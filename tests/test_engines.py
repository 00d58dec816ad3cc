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
