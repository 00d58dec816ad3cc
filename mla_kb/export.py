"""RDF exports: an assessment in PROV-O (each conclusion a prov:Entity derived from
the facts and rules, its articles as dcterms:source), the rules' metadata, and the
ontology as RDF/XML for Protégé."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from .ontology import MLA, Ontology
from .rules import CitationRef, Rule

STATE = Namespace("https://w3id.org/mla-kb/state/")
RULE = Namespace("https://w3id.org/mla-kb/rule/")
RUN = Namespace("https://w3id.org/mla-kb/assessment/")


def assessment_graph(ontology: Ontology, assessment: dict[str, Any], graph: Graph | None = None
                     ) -> Graph:
    """The assessment as RDF: a prov:Activity, and a prov:Entity per conclusion."""
    graph = graph if graph is not None else _graph()
    scenario = assessment["scenario"]
    digest = hashlib.sha1(json.dumps(scenario, sort_keys=True).encode()).hexdigest()[:16]
    run = RUN[digest]
    graph.add((run, RDF.type, PROV.Activity))
    graph.add((run, RDF.type, MLA.Assessment))
    graph.add((run, MLA.requestingState, STATE[scenario["requesting_state"]]))
    graph.add((run, MLA.requestedState, STATE[scenario["requested_state"]]))
    graph.add((run, MLA.asOf, Literal(assessment["as_of"], datatype=XSD.date)))
    graph.add((run, MLA.scenario, Literal(json.dumps(scenario, sort_keys=True))))
    for conclusion in assessment["conclusions"]:
        node = RUN[f"{digest}/{conclusion['id']}"]
        graph.add((node, RDF.type, PROV.Entity))
        graph.add((node, RDF.type, MLA.Conclusion))
        graph.add((node, PROV.wasGeneratedBy, run))
        graph.add((node, MLA.conclusionId, Literal(conclusion["id"])))
        graph.add((node, MLA.conclusionType, Literal(conclusion["type"])))
        graph.add((node, RDFS.label, Literal(conclusion["statement"], lang="en")))
        for key in ("effect", "value"):
            if conclusion.get(key) is not None:
                graph.add((node, MLA[key], Literal(conclusion[key])))
        for citation in conclusion["citations"]:
            provision = ontology.provisions[CitationRef(
                citation["instrument"], citation["article"], citation["paragraph"],
                citation["point"]).key]
            graph.add((node, DCTERMS.source, provision))
        for derived_from in _derivation(conclusion.get("proof", {})):
            graph.add((node, PROV.wasDerivedFrom, derived_from))
    return graph


def _derivation(node: dict[str, Any]):
    """The rules and the ontology records a proof rests on."""
    if "rule" in node:
        yield RULE[node["rule"]]
    elif node.get("source", "scenario") != "scenario":
        yield URIRef(node["source"])
    for premise in node.get("premises", []):
        yield from _derivation(premise)


def rules_graph(ontology: Ontology, rules: list[Rule], graph: Graph | None = None) -> Graph:
    """Each rule: what it concludes (predicate and constant arguments) and what it cites."""
    graph = graph if graph is not None else _graph()
    for rule in rules:
        node = RULE[rule.id]
        graph.add((node, RDF.type, MLA.Rule))
        graph.add((node, RDFS.label, Literal(rule.id)))
        graph.add((node, MLA.concludes, Literal(rule.head.pred)))
        for position, arg in enumerate(rule.head.args):
            if isinstance(arg, str):
                graph.add((node, MLA[f"argument{position}"], Literal(arg)))
        for ref in rule.citations:
            graph.add((node, DCTERMS.source, ontology.provisions[ref.key]))
        graph.add((node, MLA.where, Literal(rule.where)))
    return graph


def _graph() -> Graph:
    graph = Graph()
    for prefix, namespace in (("mla", MLA), ("prov", PROV), ("dcterms", DCTERMS), ("state", STATE),
                              ("rule", RULE), ("assessment", RUN)):
        graph.bind(prefix, namespace)
    return graph
