"""`mla-kb check`: HermiT finds the ontology consistent, and catches an inconsistent
addition; a broken rule file fails the check."""

import shutil

import pytest
from conftest import ROOT
from rdflib import RDF, Literal, Namespace, URIRef

from mla_kb.check import check, reason
from mla_kb.errors import OntologyError
from mla_kb.ontology import MLA, load_graph

STATE = Namespace("https://w3id.org/mla-kb/state/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def test_the_ontology_is_consistent():
    reason(load_graph(ROOT / "ontology"))


def test_a_state_that_is_also_an_instrument_is_caught():
    graph = load_graph(ROOT / "ontology")
    graph.add((STATE.NL, RDF.type, MLA.Convention))
    with pytest.raises(OntologyError, match="inconsistent"):
        reason(graph)


def test_a_binding_with_two_start_dates_is_caught():
    graph = load_graph(ROOT / "ontology")
    binding = URIRef("https://w3id.org/mla-kb/binding/NL-ETS-030")
    graph.add((binding, MLA["from"], Literal("1970-01-01", datatype=XSD_DATE)))
    with pytest.raises(OntologyError, match="inconsistent"):
        reason(graph)


def test_check_fails_on_a_broken_rule_file(tmp_path):
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    (tmp_path / "rules" / "broken.rules").write_text(
        "uncited: tca_applies(R) :- requesting_state(R, _S).\n")
    problems = check(ROOT / "ontology", tmp_path / "rules")
    assert problems == ["broken.rules:1: rule 'broken/uncited' has no citation: put an '@cite'"
                        " line above it"]


def test_check_reports_a_rule_file_that_cannot_be_read(tmp_path):
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    (tmp_path / "rules" / "broken.rules").write_text("oops p(X).\n")
    [problem] = check(ROOT / "ontology", tmp_path / "rules")
    assert problem.startswith("broken.rules:1: expected '@cite'")


def test_the_knowledge_base_refuses_to_load_a_cycle_through_negation(tmp_path):
    from mla_kb import KnowledgeBase
    from mla_kb.errors import RuleError

    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    (tmp_path / "rules" / "cycle.rules").write_text(
        "@cite TCA Art LAW.MUTAS.119\n"
        "a: tca_applies(R) :- received_on(R, _D), not decided(R).\n"
        "b: decided(R) :- received_on(R, _D), not tca_applies(R).\n")
    with pytest.raises(RuleError, match="negation through a cycle"):
        KnowledgeBase(ROOT / "ontology", tmp_path / "rules")
