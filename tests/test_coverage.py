"""docs/coverage.md is generated, never edited by hand: it must match what
`mla-kb coverage` produces from the ontology, the rules and the test cases."""

from conftest import ROOT, TESTS

from mla_kb.coverage import coverage_table


def test_the_coverage_table_is_current(kb):
    expected = coverage_table(kb, TESTS / "scenarios")
    written = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert written == expected, "run `make coverage` and commit docs/coverage.md"


def test_every_tca_provision_is_encoded_or_says_why(kb):
    table = coverage_table(kb, TESTS / "scenarios")
    tca = table.split("## EU-UK Trade and Cooperation Agreement")[1].split("## ")[0]
    assert "not yet encoded" not in tca


def test_a_point_said_not_to_be_encoded_is_not_counted_with_its_paragraph(kb):
    table = coverage_table(kb, TESTS / "scenarios")
    [line] = [row for row in table.splitlines() if row.startswith("| ETS-182 Art 4(8)(d) |")]
    assert "encoded with" not in line and "differs from State to State" in line


def test_every_encoded_provision_has_a_test_case(kb):
    """A provision some rule cites is exercised by some case of tests/scenarios (its
    conclusions rest on it, or the case names it under `covers:`)."""
    table = coverage_table(kb, TESTS / "scenarios")
    untested = [row.split(" | ")[0].lstrip("| ") for row in table.splitlines() if "| **none** |" in row]
    assert not untested, untested


def test_an_instrument_without_provisions_is_listed_with_what_is_recorded(kb):
    table = coverage_table(kb, TESTS / "scenarios")
    listed = table.split("## Instruments without provisions of their own")[1]
    [ljubljana] = [row for row in listed.splitlines() if row.startswith("| LJUBLJANA-HAGUE-2023:")]
    assert "| 1 |" in ljubljana and "Its text and its general entry into force were not read" in ljubljana
    assert "| MLAT-US-AT:" not in listed and "| UNTOC:" not in listed  # they have provisions
