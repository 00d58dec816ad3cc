"""Robustness, by property: random valid scenarios never crash and every conclusion
is cited and proved down to facts; answers are deterministic and do not depend on the
order of facts or measures;
random bad input is always refused with one clear line (InputError, exit code 2)."""

import contextlib
import datetime as dt
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mla_kb.cli import main
from mla_kb.errors import InputError

STATES = ["GB", "NL", "DE", "DK", "IE", "FR", "ES", "BE", "NO", "CH", "AT", "PL", "IL", "TR", "US"]
MEASURES = ["search_and_seizure", "hearing_witness", "hearing_by_videoconference",
            "interception_telecommunications", "subscriber_identification_ip", "provisional_measures",
            "temporary_transfer_detained_person", "controlled_delivery", "criminal_records"]
maybe = st.one_of(st.none(), st.booleans())
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _drop_none(value):
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    return value


scenarios = st.builds(
    lambda pair, day, measures, urgent, offence, person, facts: _drop_none({
        "requesting_state": pair[0], "requested_state": pair[1], "date": day.isoformat(),
        "measures": measures, "urgent": urgent, "offence": offence, "person": person, "facts": facts}),
    st.lists(st.sampled_from(STATES), min_size=2, max_size=2, unique=True),
    st.dates(dt.date(1960, 1, 1), dt.date(2030, 12, 31)),
    st.lists(st.sampled_from(MEASURES), max_size=4, unique=True),
    maybe,
    st.fixed_dictionaries({}, optional={
        "fiscal": maybe, "political": maybe, "military": maybe, "offence_in_requested_state": maybe,
        "road_traffic": st.sampled_from(["none", "speeding", "seatbelt", "red_light", "other_road_traffic"]),
        "injury_or_death": maybe, "excess_speed_significant": maybe}),
    st.fixed_dictionaries({}, optional={
        "finally_judged_in": st.sampled_from(STATES), "same_acts": maybe,
        "penalty": st.sampled_from(["none", "enforced", "being_enforced", "cannot_be_enforced",
                                    "not_enforced"])}),
    st.fixed_dictionaries({}, optional={
        "necessary_and_proportionate": maybe, "request_complete": maybe,
        "decision_date": st.dates(dt.date(1960, 1, 1), dt.date(2031, 12, 31)).map(str),
        "less_intrusive_measure_available": maybe}),
)


def _leaves(node):
    if "premises" not in node:
        yield node
    for premise in node.get("premises", []):
        yield from _leaves(premise)


@SETTINGS
@given(scenario=scenarios)
def test_random_valid_scenarios_are_answered_with_cited_proofs(kb, scenario):
    assessment = kb.assess(scenario)
    json.dumps(assessment)
    for conclusion in assessment["conclusions"]:
        assert conclusion["citations"] and conclusion["proof"]["rule"]
        assert all("fact" in leaf or "check" in leaf for leaf in _leaves(conclusion["proof"]))


@SETTINGS
@given(scenario=scenarios, seed=st.randoms())
def test_answers_do_not_depend_on_the_order_of_measures(kb, scenario, seed):
    shuffled = dict(scenario, measures=list(scenario.get("measures", [])))
    seed.shuffle(shuffled["measures"])
    ids = lambda a: [(c["id"], c["effect"], c["value"]) for c in a["conclusions"]]  # noqa: E731
    assert ids(kb.assess(scenario)) == ids(kb.assess(shuffled))


def _reordered(value, seed):
    """The same scenario with the keys of every section in another order."""
    if not isinstance(value, dict):
        return value
    keys = list(value)
    seed.shuffle(keys)
    return {key: _reordered(value[key], seed) for key in keys}


@SETTINGS
@given(scenario=scenarios, seed=st.randoms())
def test_answers_are_deterministic_and_do_not_depend_on_the_order_of_facts(kb, scenario, seed):
    assert kb.assess(scenario) == kb.assess(_reordered(scenario, seed))


junk = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                 st.text(max_size=2000), st.binary(max_size=50), st.lists(st.integers(), max_size=3),
                 st.dates().map(str), st.dates(),
                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))
fields = st.sampled_from(["requesting_state", "requested_state", "date", "measures", "urgent",
                          "offence", "person", "facts", "id", "unknown_key", "Date"])


@SETTINGS
@given(field=fields, value=junk)
def test_bad_values_are_refused_as_input_errors(kb, field, value):
    scenario = {"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01", field: value}
    try:
        kb.assess(scenario)
    except InputError as error:  # one line, the bad value shortened (the fields accepted may follow)
        assert "\n" not in str(error) and len(str(error).split("; accepted: ")[0]) < 1000


@settings(max_examples=25, deadline=None)
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_junk_files_exit_2_with_one_line(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("junk") / "scenario.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["assess", str(path)])
    assert code == 2 and err.getvalue().count("\n") == 1, err.getvalue()
