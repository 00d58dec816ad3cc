"""Explanations in English, French and Dutch: every template and every concept has
all three, with the same placeholders; statements come out in the language asked."""

import pytest
from rdflib import RDFS, Literal

from mla_kb.errors import InputError
from mla_kb.messages import LANGUAGES, TEXT
from mla_kb.ontology import MLA
from mla_kb.render import render

SCENARIO = {"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01",
            "measures": ["search_and_seizure"], "offence": {"road_traffic": "none"},
            "person": {"finally_judged_in": "DE", "same_acts": True, "penalty": "enforced"}}


def test_every_template_exists_in_every_language(kb):
    missing = [(p.name, lang) for p in kb.vocabulary for lang in LANGUAGES if not p.says.get(lang)]
    assert missing == []


@pytest.mark.parametrize("class_name", ["Concept", "State", "LegalInstrument", "InvestigativeMeasure",
                                        "RefusalGround", "RoadTrafficOffence"])
def test_every_label_exists_in_every_language(kb, class_name):
    graph = kb.ontology.graph
    for node in kb.ontology.instances(class_name):
        languages = {label.language for label in graph.objects(node, RDFS.label)
                     if isinstance(label, Literal)}
        if class_name == "LegalInstrument" and (node, MLA.identifier, None) not in graph:
            continue
        assert set(LANGUAGES) <= languages, node


def test_the_interface_words_exist_in_every_language():
    assert all(set(TEXT[lang]) == set(TEXT["en"]) for lang in LANGUAGES)


@pytest.mark.parametrize("lang, refusal, deadline, heading", [
    ("en", "Netherlands may refuse assistance on the ground of ne bis in idem.",
     "no later than 15 April 2024", "GROUNDS FOR REFUSAL"),
    ("fr", "Pays-Bas peut refuser l'entraide pour le motif suivant : ne bis in idem.",
     "au plus tard le 15 avril 2024", "MOTIFS DE REFUS"),
    ("nl", "Nederland kan weigeren (weigeringsgrond: ne bis in idem).",
     "uiterlijk op 15 april 2024", "WEIGERINGSGRONDEN"),
])
def test_statements_come_out_in_the_language_asked(kb, lang, refusal, deadline, heading):
    assessment = kb.assess(SCENARIO, lang)
    statements = {c["id"]: c["statement"] for c in assessment["conclusions"]}
    assert statements["refusal.ne_bis_in_idem"] == refusal
    assert deadline in statements["deadline.decision"]
    text = render(assessment, "text")
    assert heading in text
    assert [c["id"] for c in assessment["conclusions"]] == \
           [c["id"] for c in kb.assess(SCENARIO)["conclusions"]]


def test_an_unknown_language_is_bad_input(kb):
    with pytest.raises(InputError, match="unknown language 'de'; accepted: en, fr, nl"):
        kb.assess(SCENARIO, "de")
