"""What would change the answer: the single changes of one fact that remove a
conclusion, bring it about, or change its value - computed, not written down."""

import pytest

from mla_kb import KnowledgeBase
from mla_kb.counterfactual import what_would_change
from mla_kb.errors import InputError

BASE = {"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01",
        "measures": ["search_and_seizure"], "offence": {"road_traffic": "none"},
        "person": {"finally_judged_in": "DE", "same_acts": True, "penalty": "enforced"}}


@pytest.fixture(scope="module")
def clingo_kb():
    return KnowledgeBase(engine="clingo")


def changes(kb, scenario, conclusion):
    result = what_would_change(kb, scenario, conclusion)
    return result, {(c["field"], str(c["to"])): c for c in result["changes"]}


def test_ne_bis_in_idem_is_undone_by_other_acts_an_unenforced_penalty_or_an_earlier_date(clingo_kb):
    result, found = changes(clingo_kb, BASE, "refusal.ne_bis_in_idem")
    assert result["follows"] is True
    assert set(found) == {("person.same_acts", "False"), ("person.penalty", "not_enforced"),
                          ("date", "2017-07-30")}
    assert all(c["follows"] is False for c in found.values())


def test_the_decision_deadline_disappears_for_the_minor_road_traffic_offences(clingo_kb):
    result, found = changes(clingo_kb, BASE, "deadline.decision")
    assert result["value"] == "2024-04-15"
    assert {k for k in found if k[0] == "offence.road_traffic"} == {
        ("offence.road_traffic", v) for v in ("seatbelt", "red_light", "helmet", "forbidden_lane")}
    # the day of receipt matters only where no time limit applied at all: before the EIO bound the UK
    assert [k for k in found if k[0] == "date"] == [("date", "2017-07-30")]
    assert found[("date", "2017-07-30")]["follows"] is False


def test_a_measure_not_available_brings_about_the_search_for_another(clingo_kb):
    result, found = changes(clingo_kb, BASE, "substitution.search_and_seizure.consider_other_measure")
    assert result["follows"] is False
    assert found[("facts.available_in_similar_domestic_case", "{'search_and_seizure': False}")]["follows"]
    assert found[("facts.measure_exists_in_requested_state", "{'search_and_seizure': False}")]["follows"]


def test_the_fiscal_ground_comes_back_before_spain_was_bound_by_ets_099(clingo_kb):
    scenario = {"requesting_state": "NL", "requested_state": "ES", "date": "1995-06-01",
                "offence": {"fiscal": True}}
    result, found = changes(clingo_kb, scenario, "refusal.fiscal_offence")
    assert result["follows"] is False
    assert found[("date", "1991-09-10")]["follows"] is True


def test_the_annex_d_threshold_is_found_from_the_rule(clingo_kb):
    scenario = {"requesting_state": "NL", "requested_state": "DE", "date": "2024-03-01",
                "offence": {"offence_in_requested_state": False, "category": "fraud",
                            "max_penalty_months": 36}}
    result, found = changes(clingo_kb, scenario, "refusal.dual_criminality")
    assert result["follows"] is False
    assert found[("offence.max_penalty_months", "35")]["follows"] is True
    assert ("offence.max_penalty_months", "37") not in found


def test_both_engines_find_the_same_changes(kb, clingo_kb):
    assert what_would_change(kb, BASE, "refusal.ne_bis_in_idem") == \
           what_would_change(clingo_kb, BASE, "refusal.ne_bis_in_idem")


def test_an_unknown_conclusion_id_is_bad_input(clingo_kb):
    with pytest.raises(InputError):
        what_would_change(clingo_kb, BASE, "refusal")
