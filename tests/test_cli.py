"""The command line: answers with exit code 0; bad input gives exit code 2 and one
line that names the problem and what is accepted; check fails on a broken rule."""

import json
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT

from mla_kb.cli import main

EXAMPLE = ROOT / "examples" / "gb-nl-ne-bis-in-idem.yaml"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, data, name="s.yaml"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data))
    return str(path)


def test_assess_prints_conclusions_with_their_articles(capsys):
    code, out, _ = run(capsys, "assess", str(EXAMPLE))
    assert code == 0
    assert "Netherlands may refuse assistance on the ground of ne bis in idem. [TCA Art LAW.MUTAS.119]" in out
    assert "no later than 15 April 2024. [TCA Art LAW.MUTAS.120(1)]" in out


def test_assess_json_is_the_contract(capsys):
    code, out, _ = run(capsys, "assess", str(EXAMPLE), "--format", "json")
    assert code == 0
    ids = [c["id"] for c in json.loads(out)["conclusions"]]
    assert "refusal.ne_bis_in_idem" in ids and "deadline.decision" in ids


def test_assess_markdown_links_the_articles(capsys):
    code, out, _ = run(capsys, "assess", str(EXAMPLE), "--format", "markdown")
    assert code == 0
    assert "[TCA Art LAW.MUTAS.119](https://eur-lex.europa.eu/" in out


def test_applicable_lists_only_the_legal_bases(capsys):
    code, out, _ = run(capsys, "applicable", "--from", "UK", "--to", "NL", "--on", "2021-01-05")
    assert code == 0
    assert "Between the United Kingdom and the Netherlands on 5 January 2021, the EU-UK Trade and" \
           " Cooperation Agreement, Part Three, Title VIII (TCA) supplements the governing" \
           " instruments." in out
    assert "TIME LIMITS" not in out


def test_applicable_answers_in_the_language_asked(capsys):
    code, out, _ = run(capsys, "applicable", "--from", "MA", "--to", "NL", "--on", "2024-03-01",
                       "--lang", "fr")
    assert code == 0
    assert out.startswith("Demande du Maroc aux Pays-Bas, reçue le 1er mars 2024") and "BASE JURIDIQUE" in out
    assert "Entre le Maroc et les Pays-Bas au 1er mars 2024, le Traité" in out


def test_applicable_ranks_instruments_and_says_what_could_add_one(capsys):
    code, out, _ = run(capsys, "applicable", "--from", "DK", "--to", "DE", "--on", "2024-03-01")
    assert code == 0
    governs = out.index("(ETS-030) governs the request")
    supplements = out.index("(2000) supplements the governing instruments")
    assert governs < supplements
    assert "instrument.UNTOC: Whether this follows under UNTOC Art 18(7) depends on" in out


def test_applicable_without_a_treaty_says_comity_and_reciprocity(capsys):
    code, out, _ = run(capsys, "applicable", "--from", "BR", "--to", "DK", "--on", "2024-03-01")
    assert code == 0
    assert "the request can rest only on comity and reciprocity (a letter rogatory)" in out
    assert "[US-DOJ-CRM Art 275]" in out


def test_norway_written_plainly_in_yaml_is_norway(capsys, tmp_path):
    path = write(tmp_path, "requesting_state: DK\nrequested_state: NO\ndate: 2008-01-01\n")
    code, out, _ = run(capsys, "assess", path)
    assert code == 0
    assert "Between Denmark and Norway on 1 January 2008" in out


GOOD = {"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01"}


@pytest.mark.parametrize("data, message", [
    ({**GOOD, "ofence": {}}, "scenario: unknown key 'ofence' (did you mean 'offence'?); accepted: id,"),
    ({**GOOD, "person": {"penality": "enforced"}},
     "person: unknown key 'penality' (did you mean 'penalty'?)"),
    ({**GOOD, "requested_state": "NLD"}, "requested_state: unknown State 'NLD' (did you mean 'NL'?)"),
    ({**GOOD, "measures": ["search"]},
     "measures: unknown measure 'search'; accepted: bank_account_information,"),
    ({**GOOD, "date": "2024-02-30"}, "date: '2024-02-30' is not a valid date; accepted: YYYY-MM-DD"),
    ({**GOOD, "urgent": "yes"}, "urgent: expected true or false, found 'yes'"),
    ({**GOOD, "date": "9999-12-31"},
     "date: 9999-12-31 is out of range; accepted: dates from 1900-01-01 to 2199-12-31"),
    ({**GOOD, "facts": {"decision_date": "1899-12-31"}}, "facts.decision_date: 1899-12-31 is out of range"),
    ({**GOOD, "requested_state": "X" * 100_000}, "requested_state: unknown State 'XXXXXXXXX"),
    ({**GOOD, "person": {"penalty": "served"}}, "person.penalty: unknown value 'served'; accepted: none,"),
    ({**GOOD, "offence": {"category": "tax_evasion"}},
     "offence.category: unknown category of offences of EIO Annex D 'tax_evasion';"
     " accepted: arms_trafficking,"),
    ({**GOOD, "offence": {"road_traffic": "speedin"}},
     "offence.road_traffic: unknown road traffic offence 'speedin' (did you mean 'speeding'?)"),
    ({"requesting_state": "GB", "date": "2024-03-01"},
     "scenario: missing required field(s): requested_state"),
    ("- just\n- a list\n", "a scenario is a mapping of fields"),
    ("requesting_state: [GB\n", "not valid YAML"),
])
def test_bad_scenarios_exit_2_with_one_clear_line(capsys, tmp_path, data, message):
    code, out, err = run(capsys, "assess", write(tmp_path, data))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and len(err) < 1000, err[:1000]


def test_measure_suggestion_is_a_real_measure(capsys, tmp_path):
    code, _, err = run(capsys, "assess", write(tmp_path, {**GOOD, "measures": ["serch_and_seizure"]}))
    assert code == 2 and "(did you mean 'search_and_seizure'?)" in err


def test_bad_json_and_missing_file(capsys, tmp_path):
    code, _, err = run(capsys, "assess", write(tmp_path, "{not json", "s.json"))
    assert code == 2 and "not valid JSON" in err
    code, _, err = run(capsys, "assess", str(tmp_path / "missing.yaml"))
    assert code == 2 and "cannot read the scenario file" in err


def test_bad_option_values_exit_2(capsys):
    code, _, err = run(capsys, "applicable", "--from", "XX", "--to", "NL", "--on", "2024-03-01")
    assert code == 2 and "unknown State 'XX'" in err
    code, _, err = run(capsys, "applicable", "--from", "GB", "--to", "NL", "--on", "1 March")
    assert code == 2 and "is not a valid date" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["assess", str(EXAMPLE), "--format", "pdf"])
    assert exit_info.value.code == 2


def test_the_console_script_runs(tmp_path):
    done = subprocess.run([sys.executable, "-m", "mla_kb.cli", "assess", str(EXAMPLE)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "LAW.MUTAS.119" in done.stdout


def test_check_passes_on_the_project(capsys):
    code, out, _ = run(capsys, "check")
    assert code == 0 and "ontology consistent (HermiT), rules lint clean" in out


def test_why_not_explains_with_the_article(capsys, tmp_path):
    path = write(tmp_path, {"requesting_state": "NL", "requested_state": "ES", "date": "1995-06-01",
                            "offence": {"fiscal": True}})
    code, out, _ = run(capsys, "why-not", path, "refusal.fiscal_offence")
    assert code == 0
    assert "Under ETS-030 Art 2(a) (rule refusal/fiscal):" in out
    assert "fails: between the Netherlands and Spain assistance may not be refused solely because" in out
    assert "both States are bound by Art 1 of the Additional Protocol" in out
    assert "[ETS-099 Art 1]" in out


def test_why_not_an_unknown_id_exits_2(capsys):
    code, _, err = run(capsys, "why-not", str(EXAMPLE), "refusal.nonsense.x")
    assert code == 2 and "unknown conclusion id 'refusal.nonsense.x'" in err


def test_batch_writes_one_assessment_per_line(capsys, tmp_path):
    lines = [json.dumps({"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01"}),
             "{not json", "[1, 2]",
             json.dumps({"requesting_state": "XX", "requested_state": "NL", "date": "2024-03-01"}),
             json.dumps({"requesting_state": "NL", "requested_state": "DE", "date": "2024-03-01"})]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n")
    code, out, _ = run(capsys, "assess", "--batch", str(path))
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and len(results) == 5
    assert "instrument.TCA" in [c["id"] for c in results[0]["conclusions"]]
    assert results[0]["conclusions"][0]["citations"] and "proof" not in results[0]["conclusions"][0]
    assert results[1]["error"].startswith("line 2: not valid JSON")
    assert results[2]["error"] == "line 3: a scenario is a JSON object of fields"
    assert "unknown State 'XX'" in results[3]["error"]
    assert "instrument.EIO" in [c["id"] for c in results[4]["conclusions"]]


def test_batch_workers_give_the_same_lines_as_one_process(tmp_path):
    from mla_kb.batch import assess_lines

    items = [{"requesting_state": a, "requested_state": b, "date": f"20{y:02d}-03-01"}
             for y in range(5, 25) for a, b in (("GB", "NL"), ("NL", "DE"), ("DK", "NL"))] * 10
    assert len(items) > 500  # more than one chunk
    assert list(assess_lines(items, "clingo", False, 2)) == list(assess_lines(items, "clingo", False, 1))


def test_batch_with_proofs_matches_single_assessments(capsys, tmp_path):
    scenario = yaml.safe_load(EXAMPLE.read_text())
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps(scenario, default=str) + "\n")
    code, out, _ = run(capsys, "assess", "--batch", str(path), "--proofs", "--engine", "pydatalog")
    code_single, single, _ = run(capsys, "assess", str(EXAMPLE), "--format", "json")
    assert code == code_single == 0
    assert json.loads(out) == json.loads(single)


def test_what_would_change_lists_the_changes(capsys):
    code, out, _ = run(capsys, "what-would-change", str(EXAMPLE), "refusal.ne_bis_in_idem")
    assert code == 0
    assert "Now: it follows (may_refuse)." in out
    assert '- person.penalty were "not_enforced" (instead of "enforced")' in out


def test_what_would_change_speaks_the_language_asked(capsys):
    code, out, _ = run(capsys, "what-would-change", str(EXAMPLE), "refusal.ne_bis_in_idem", "--lang", "nl")
    assert code == 0
    assert out.startswith("Wat zou refusal.ne_bis_in_idem veranderen? Verzoek van het Verenigd Koninkrijk aan"
                          " Nederland, ontvangen op 1 maart 2024")
    assert "Nu: de conclusie volgt (may_refuse)." in out and "Ze volgt niet als:" in out
    assert '- person.penalty "not_enforced" was (in plaats van "enforced")' in out
