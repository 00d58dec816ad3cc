"""`mla-kb check`: the ontology is consistent (HermiT) and the rules lint clean."""

from __future__ import annotations

import tempfile
from pathlib import Path

from rdflib import XSD, Graph, Literal

from .errors import MlaKbError, OntologyError
from .lint import lint
from .ontology import Ontology, load_graph
from .rules import parse_rule_files
from .vocabulary import load_vocabulary


def reason(graph: Graph) -> None:
    """Run the HermiT reasoner over the graph; raise OntologyError if it is inconsistent.

    owlready2 cannot read Turtle, so the graph goes to it as RDF/XML; and xsd:date
    is not an OWL 2 datatype, so dates go to HermiT as xsd:dateTime at midnight.
    """
    import owlready2  # imported here: only checks need it, and it is slow to import

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mla.owl"
        _owl2_datatypes(graph).serialize(path, format="xml")
        world = owlready2.World()
        ontology = world.get_ontology(path.as_uri()).load()
        try:
            with ontology:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            raise OntologyError("the ontology is inconsistent (HermiT)") from exc
        finally:
            world.close()


def _owl2_datatypes(graph: Graph) -> Graph:
    def convert(node):
        if node == XSD.date:
            return XSD.dateTime
        if isinstance(node, Literal) and node.datatype == XSD.date:
            return Literal(f"{node}T00:00:00", datatype=XSD.dateTime)
        return node

    out = Graph()
    for triple in graph:
        out.add(tuple(convert(node) for node in triple))
    return out


def check(ontology_dir: Path, rules_dir: Path) -> list[str]:
    """Every problem found; empty when the knowledge base is sound."""
    try:
        graph = load_graph(ontology_dir)
        ontology = Ontology(graph)
        vocabulary = load_vocabulary(rules_dir / "predicates.yaml")
        rules = parse_rule_files(rules_dir)
        ontology.facts(vocabulary)  # every record has the properties the rules read
    except MlaKbError as exc:
        return [str(exc)]
    problems = lint(rules, vocabulary, ontology)
    try:
        reason(graph)
    except OntologyError as exc:
        problems.append(str(exc))
    return problems
