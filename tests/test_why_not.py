"""Why not: for a conclusion that does not follow, each rule that could conclude
it and the first condition that fails, with the article that makes it fail."""

import pytest

from mla_kb.errors import InputError
from mla_kb.render import render_why_not

FISCAL_1995 = {"requesting_state": "NL", "requested_state": "ES", "date": "1995-06-01",
               "offence": {"fiscal": True}}


def test_a_fiscal_offence_cannot_be_refused_between_parties_to_ets_099(kb):
    result = kb.why_not(FISCAL_1995, "refusal.fiscal_offence")
    assert result["follows"] is False
    [reason] = result["reasons"]
    assert reason["rule"] == "refusal/fiscal" and reason["citation"]["label"] == "ETS-030 Art 2(a)"
    assert reason["failed"]["check"] == "not fiscal_refusal_excluded(request)"
    assert reason["failed"]["because"]["citation"]["label"] == "ETS-099 Art 1"


def test_before_spain_was_bound_by_ets_099_it_does_follow(kb):
    result = kb.why_not({**FISCAL_1995, "date": "1990-06-01"}, "refusal.fiscal_offence")
    assert result["follows"] is True
    assert result["proof"]["citation"]["label"] == "ETS-030 Art 2(a)"


def test_a_fact_the_scenario_leaves_open_is_named(kb):
    scenario = {"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01",
                "person": {"finally_judged_in": "DE", "same_acts": True}}
    reasons = kb.why_not(scenario, "refusal.ne_bis_in_idem")["reasons"]
    reason = next(r for r in reasons if r["rule"] == "refusal/tca_ne_bis_in_idem")
    failed = reason["failed"]
    assert failed["check"] == "penalty_condition_met(request)"
    facts = [(sub["failed"]["fact"], sub["failed"]["unknown"]) for sub in failed["reasons"]]
    assert facts == [("person.penalty", True)] * 4


def test_the_eio_between_the_uk_and_a_member_state_after_2020(kb):
    scenario = {"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01"}
    reasons = kb.why_not(scenario, "instrument.EIO")["reasons"]
    eio = next(r for r in reasons if r["rule"] == "applicability/eio_governs")
    assert eio["citation"]["label"] == "EIO Art 34(1)"
    assert eio["failed"]["check"] == "binds_both(request, EIO)"


def test_an_unknown_conclusion_id_is_bad_input(kb):
    with pytest.raises(InputError, match="unknown conclusion id 'refusal'; accepted: ids of the forms"):
        kb.why_not(FISCAL_1995, "refusal")


def test_no_decision_deadline_for_an_exempted_road_traffic_offence(kb):
    scenario = {"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01",
                "offence": {"road_traffic": "seatbelt"}}
    [reason] = [r for r in kb.why_not(scenario, "deadline.decision")["reasons"]
                if r["rule"] == "time_limits/tca_decision"]
    assert reason["failed"]["check"] == "not time_limits_disapplied(request)"
    assert reason["failed"]["because"]["citation"]["label"] == "TCA Art LAW.MUTAS.120(6)(b)"


def test_no_direct_judicial_channel_when_only_one_state_is_bound_by_ets_182(kb):
    scenario = {"requesting_state": "DK", "requested_state": "MK", "date": "2008-01-01"}
    reasons = kb.why_not(scenario, "channel.direct_judicial")["reasons"]
    [reason] = [r for r in reasons if r["citation"]["instrument"] == "ETS-182"]
    assert reason["citation"]["label"] == "ETS-182 Art 4(1)"
    [eu] = [r for r in reasons if r["citation"]["instrument"] == "EU-MLA-2000"]
    assert eu["failed"]["check"] == "eu_convention_applies(request)"
    open_channel = reason["failed"]["reasons"][0]  # direct transmission is open ...
    assert open_channel["failed"]["check"] == "direct_transmission_provided(request)"
    provided = open_channel["failed"]["reasons"][0]  # ... only where the Protocol applies
    assert provided["failed"]["check"] == "second_protocol_applies(request)"
    assert "(ETS-182) binds both States" in provided["failed"]["says"]


def test_no_dual_criminality_ground_for_an_annex_d_offence_of_three_years(kb):
    scenario = {"requesting_state": "NL", "requested_state": "DE", "date": "2024-03-01",
                "offence": {"offence_in_requested_state": False, "category": "fraud",
                            "max_penalty_months": 40}}
    [reason] = [r for r in kb.why_not(scenario, "refusal.dual_criminality")["reasons"]
                if r["citation"]["instrument"] == "EIO"]
    assert reason["citation"]["label"] == "EIO Art 11(1)(g)"
    assert reason["failed"]["check"] == "eio_offence_ground(request)"
    [why] = reason["failed"]["reasons"]  # one level deeper: the Annex D exception holds
    assert why["failed"]["check"] == "not annex_d_exception(request)"
    assert why["failed"]["because"]["premises"][2]["check"] == "40 >= 36"


def test_why_not_speaks_the_language_asked(kb):
    result = kb.why_not(FISCAL_1995, "refusal.fiscal_offence", "fr")
    failed = result["reasons"][0]["failed"]["says"]
    assert failed.startswith("entre les Pays-Bas et l'Espagne, l'entraide ne peut")


@pytest.mark.parametrize("lang, title, under, fails, left_open", [
    ("en", "Why not refusal.ne_bis_in_idem? Request from the United Kingdom to the Netherlands",
     "Under TCA Art LAW.MUTAS.119",
     "  fails: ", "(person.penalty, which the scenario leaves open)"),
    ("fr", "Pourquoi pas refusal.ne_bis_in_idem ? Demande du Royaume-Uni aux Pays-Bas",
     "Selon TCA Art LAW.MUTAS.119",
     "  condition non remplie : ", "(person.penalty, que le scénario laisse ouvert)"),
    ("nl", "Waarom niet refusal.ne_bis_in_idem? Verzoek van het Verenigd Koninkrijk aan Nederland",
     "Volgens TCA Art LAW.MUTAS.119",
     "  niet vervuld: ", "(person.penalty, dat het scenario open laat)"),
])
def test_the_why_not_text_is_in_the_language_asked(kb, lang, title, under, fails, left_open):
    scenario = {"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01",
                "person": {"finally_judged_in": "DE", "same_acts": True}}
    out = render_why_not(kb.why_not(scenario, "refusal.ne_bis_in_idem", lang), "text")
    assert out.startswith(title)
    assert f"\n{under}" in out and f"\n{fails}" in out and left_open in out
