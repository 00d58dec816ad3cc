"""Two engines, one encoding: every example and test scenario gets the same
assessment (conclusions, proofs, open questions) from pyDatalog and from clingo."""

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
