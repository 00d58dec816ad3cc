"""The ontology's data: every fact about who is bound by what, and every
provision, says where it comes from; dates are real dates; ids are unique."""

import pytest
from conftest import ROOT
from rdflib import RDFS, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from mla_kb.errors import OntologyError
from mla_kb.ontology import MLA, Ontology, load_graph

GRAPH = load_graph(ROOT / "ontology")
ONTOLOGY = Ontology(GRAPH)
CERTAINTY = {"read", "secondary", "unverified"}


@pytest.mark.parametrize("class_name", ["Binding", "Membership", "Provision", "LegalInstrument"])
def test_every_record_names_its_source(class_name):
    records = ONTOLOGY.instances(class_name)
    assert records
    unsourced = [str(r) for r in records if GRAPH.value(r, DCTERMS.source) is None]
    assert unsourced == []


@pytest.mark.parametrize("class_name", ["Binding", "Membership"])
def test_every_period_is_dated_and_states_its_certainty(class_name):
    for record in ONTOLOGY.instances(class_name):
        start, end = GRAPH.value(record, MLA["from"]), GRAPH.value(record, MLA.until)
        assert isinstance(start, Literal) and start.toPython().year > 1900, record
        if end is not None:
            assert end.toPython() >= start.toPython(), record
        assert str(GRAPH.value(record, MLA.certainty)) in CERTAINTY, record


def test_every_provision_has_its_text():
    for node in ONTOLOGY.instances("Provision"):
        assert str(GRAPH.value(node, MLA.text) or "").strip(), node


def test_identifiers_are_unique():
    ids = [str(o) for o in GRAPH.objects(None, MLA.identifier)]
    assert len(ids) == len(set(ids))


def test_states_are_iso_codes_and_the_eu27_are_members_today():
    states = ONTOLOGY.ids_of("State")
    assert all(len(code) == 2 and code.isupper() for code in states)
    members = {ONTOLOGY.ident(GRAPH.value(m, MLA.member)) for m in ONTOLOGY.instances("Membership")
               if ONTOLOGY.ident(GRAPH.value(m, MLA.organisation)) == "EU"
               and GRAPH.value(m, MLA.until) is None}
    assert len(members) == 27 and "GB" not in members and {"DK", "IE", "HR"} <= members


def test_the_eio_binds_neither_denmark_nor_ireland():
    bound = {ONTOLOGY.ident(GRAPH.value(b, MLA.party)) for b in ONTOLOGY.instances("Binding")
             if ONTOLOGY.ident(GRAPH.value(b, MLA.instrument)) == "EIO"}
    assert not {"DK", "IE"} & bound and {"NL", "DE", "GB"} <= bound


def test_labels_exist_in_english_french_and_dutch_for_states():
    for state in ONTOLOGY.instances("State"):
        languages = {label.language for label in GRAPH.objects(state, RDFS.label)}
        assert {"en", "fr", "nl"} <= languages, state


def test_every_part_belongs_to_a_recorded_provision():
    provisions = set(ONTOLOGY.instances("Provision"))
    dangling = [str(part) for part, whole in GRAPH.subject_objects(MLA.partOf) if whole not in provisions]
    assert dangling == []


def test_the_graph_loaded_is_the_one_rdflib_itself_parses():
    """pyoxigraph parses for speed; nothing may be lost or changed on the way to rdflib."""
    parsed = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        parsed.parse(path, format="turtle")
    assert isomorphic(GRAPH, parsed)


def test_a_turtle_error_names_the_file_and_line(tmp_path):
    (tmp_path / "broken.ttl").write_text('@prefix a: <https://example.org/> .\na:b a:c "open .\n')
    with pytest.raises(OntologyError, match=r"broken\.ttl: .*line 2"):
        load_graph(tmp_path)
