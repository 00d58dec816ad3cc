"""Named questions return their documented answers on the shipped data; ad-hoc
SPARQL is read-only; the Turtle export parses back with an article per conclusion."""

import json

import pytest
from conftest import ROOT
from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, PROV, RDF

from mla_kb import KnowledgeBase
from mla_kb.cli import main
from mla_kb.errors import InputError
from mla_kb.export import assessment_graph
from mla_kb.queries import QueryStore, named_queries

MLA = Namespace("https://w3id.org/mla-kb/ontology#")
QUERIES = named_queries()


@pytest.fixture(scope="module")
def store():
    return QueryStore(KnowledgeBase(engine="clingo"))


def table(store, name, **params):
    names, rows = store.ask(QUERIES[name], params)
    return [dict(zip(names, row, strict=True)) for row in rows]


def cells(row, key="instruments"):
    return set(row[key].split(", ")) if row[key] else set()


def test_every_query_is_described():
    assert set(QUERIES) >= {"states-bound", "instrument-matrix", "legal-basis-history",
                            "refusal-grounds", "always-available"}
    assert all(q.description for q in QUERIES.values())


def test_states_bound_on_a_date(store):
    rows = {(r["instrument"], r["party"]) for r in table(store, "states-bound", date="2024-03-01")}
    assert {("TCA", "GB"), ("TCA", "EU"), ("ETS-030", "NL"), ("EIO", "NL")} <= rows
    assert ("EIO", "GB") not in rows and ("EIO", "DK") not in rows
    before = {(r["instrument"], r["party"]) for r in table(store, "states-bound", date="2020-06-01")}
    assert ("EIO", "GB") in before and ("TCA", "GB") not in before


def test_the_matrix_of_eu_member_states_and_the_uk(store):
    rows = {(r["from"], r["to"]): r for r in table(store, "instrument-matrix", date="2024-03-01")}
    assert cells(rows["GB", "NL"]) >= {"ETS-030 (governs)", "TCA (supplements)"}
    assert "EIO (governs)" in cells(rows["NL", "DE"])
    assert "EIO (governs)" not in cells(rows["DK", "NL"])
    assert "EU-MLA-2000 (supplements)" in cells(rows["DK", "NL"])


def test_the_history_between_the_uk_and_the_netherlands(store):
    rows = {r["day"]: cells(r) for r in table(store, "legal-basis-history", **{"from": "GB", "to": "NL"})}
    assert "EIO (governs)" in rows["2017-07-31"]
    assert rows["2021-01-01"] == {"ETS-030 (governs)", "ETS-182 (supplements)", "TCA (supplements)"}


def test_refusal_grounds_with_their_articles(store):
    rows = {(r["instrument"], r["ground"], r["article"]) for r in table(store, "refusal-grounds")}
    assert {("TCA", "ne_bis_in_idem", "Art LAW.MUTAS.119"), ("ETS-030", "political_offence", "Art 2(a)"),
            ("EIO", "ne_bis_in_idem", "Art 11(1)(d)"), ("ETS-030", "search_seizure_conditions",
                                                       "Art 5(1)(a)")} <= rows


def test_measures_always_available(store):
    rows = {(r["measure"], r["article"]) for r in table(store, "always-available")}
    assert ("subscriber_identification_ip", "Art LAW.MUTAS.117(2)(d)") in rows
    assert ("(any its conditions admit)", "Art LAW.MUTAS.117(2)(c)") in rows
    assert {("database_information", "Art 10(2)(b)"), ("(any its conditions admit)", "Art 10(2)(a)"),
            ("(any its conditions admit)", "Art 10(2)(d)")} <= rows


def test_bad_parameters_and_updates_are_refused(store):
    with pytest.raises(InputError, match="unknown parameter"):
        store.ask(QUERIES["states-bound"], {"day": "2024-03-01"})
    with pytest.raises(InputError, match="is not a valid date"):
        store.ask(QUERIES["states-bound"], {"date": "2024-02-30"})
    with pytest.raises(InputError, match="read-only"):
        store.run("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_the_cli_lists_and_runs_queries(capsys):
    assert main(["query", "--list"]) == 0
    assert "instrument-matrix" in capsys.readouterr().out
    assert main(["query", "refusal-grounds", "--format", "json"]) == 0
    assert {"instrument": "TCA", "ground": "ne_bis_in_idem", "effect": "may_refuse",
            "article": "Art LAW.MUTAS.119", "rule": "refusal/tca_ne_bis_in_idem"} in \
        json.loads(capsys.readouterr().out)
    assert main(["query", "nonsense"]) == 2


def test_the_turtle_export_parses_back_with_an_article_per_conclusion(kb):
    assessment = kb.assess({"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01",
                            "person": {"finally_judged_in": "DE", "same_acts": True,
                                       "penalty": "enforced"}})
    text = assessment_graph(kb.ontology, assessment).serialize(format="turtle")
    graph = Graph().parse(data=text, format="turtle")
    conclusions = list(graph.subjects(RDF.type, MLA.Conclusion))
    assert len(conclusions) == len(assessment["conclusions"])
    for node in conclusions:
        assert (node, RDF.type, PROV.Entity) in graph
        assert list(graph.objects(node, DCTERMS.source))
        assert list(graph.objects(node, PROV.wasDerivedFrom))


def test_the_ontology_exports_to_rdf_xml(capsys):
    assert main(["ontology", "--format", "xml"]) == 0
    graph = Graph().parse(data=capsys.readouterr().out, format="xml")
    assert len(graph) == len(Graph().parse(ROOT / "ontology" / "mla.ttl")) + \
        sum(len(Graph().parse(p)) for p in (ROOT / "ontology").glob("*.ttl") if p.name != "mla.ttl")
