"""Explanations in English, French and Dutch: every template and every concept has
all three, with the same placeholders; statements come out in the language asked."""

import pytest
from rdflib import RDFS, Literal

from mla_kb.errors import InputError
from mla_kb.messages import LANGUAGES, TEXT, Phrase, fill
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
    ("en", "The Netherlands may refuse assistance on the ground of ne bis in idem.",
     "no later than 15 April 2024", "GROUNDS FOR REFUSAL"),
    ("fr", "Les Pays-Bas peuvent refuser l'entraide pour le motif suivant : ne bis in idem.",
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


@pytest.mark.parametrize("lang, statement", [
    ("en", "The United States must execute the request in accordance with its own law."),
    ("fr", "Les États-Unis doivent exécuter la demande conformément à leur droit."),
    ("nl", "De Verenigde Staten moeten het verzoek uitvoeren overeenkomstig hun eigen recht."),
])
def test_a_plural_name_takes_a_plural_verb_and_possessive(kb, lang, statement):
    us = {"requesting_state": "NL", "requested_state": "US", "date": "2024-03-01",
          "measures": ["production_of_bank_records"]}
    statements = {c["id"]: c["statement"] for c in kb.assess(us, lang)["conclusions"]}
    assert statements["obligation.execute_request_under_its_law"] == statement


def test_names_read_with_their_article_in_a_sentence(kb):
    untoc = {"requesting_state": "BR", "requested_state": "NL", "date": "2024-03-01",
             "measures": ["production_of_bank_records"], "facts": {"other_mla_treaty": False},
             "offence": {"max_penalty_months": 180, "transnational": True, "organised_criminal_group": True}}
    statements = {c["id"]: c["statement"] for c in kb.assess(untoc)["conclusions"]}
    assert statements["instrument.UNTOC"] == (
        "Between Brazil and the Netherlands on 1 March 2024, the United Nations Convention against"
        " Transnational Organized Crime (UNTOC) governs the request.")


@pytest.mark.parametrize("name, plural, of, does, to", [
    ("le Brésil", False, "du Brésil", "le Brésil doit", "au Brésil"),
    ("les Pays-Bas", True, "des Pays-Bas", "les Pays-Bas doivent", "aux Pays-Bas"),
    ("la France", False, "de la France", "la France doit", "à la France"),
    ("l'Allemagne", False, "de l'Allemagne", "l'Allemagne doit", "à l'Allemagne"),
    ("Israël", False, "d'Israël", "Israël doit", "à Israël"),
])
def test_french_contracts_and_agrees_where_a_name_meets_the_template(name, plural, of, does, to):
    values = {"s": Phrase(name, plural), "v": Phrase("doit", plural_form="doivent"), "w": "agir"}
    assert fill("selon le droit de {s}, {s} {v:s} {w} ; il incombe à {s} de {w}", values, "fr") == \
        f"selon le droit {of}, {does} agir ; il incombe {to} d'agir"


def test_a_form_for_each_number_and_no_contraction_outside_french():
    english, dutch = Phrase("the United States"), Phrase("de Verenigde Staten", plural=True)
    assert fill("{s} {s:is|are} bound", {"s": english}, "en") == "the United States is bound"
    assert fill("{s} {s:is|zijn} gebonden", {"s": dutch}, "nl") == "de Verenigde Staten zijn gebonden"
    assert fill("because de {s}", {"s": Phrase("le Brésil")}, "en") == "because de le Brésil"


def _premises(node):
    """Every sentence of a proof tree."""
    yield node["says"]
    for premise in node.get("premises", ()):
        yield from _premises(premise)


@pytest.mark.parametrize("lang, open_period, closed_period, on_or_before, no_end", [
    ("en", "Morocco is bound by {mlat} from 1 December 2012, with no end date",
     "the United Kingdom is bound by {eio} from 31 July 2017 to 31 December 2020",
     "1 December 2012 is on or before 1 March 2024",
     "1 March 2024 is before any end date: none is recorded"),
    ("fr", "{mlat} lie le Maroc à partir du 1er décembre 2012, sans date de fin",
     "{eio} lie le Royaume-Uni du 31 juillet 2017 au 31 décembre 2020",
     "le 1er décembre 2012 n'est pas postérieur au 1er mars 2024",
     "le 1er mars 2024 précède toute date de fin : aucune n'est enregistrée"),
    ("nl", "Marokko is gebonden door {mlat} vanaf 1 december 2012, zonder einddatum",
     "het Verenigd Koninkrijk is gebonden door {eio} van 31 juli 2017 tot 31 december 2020",
     "1 december 2012 ligt op of vóór 1 maart 2024",
     "1 maart 2024 ligt vóór elke einddatum: er is er geen vastgelegd"),
])
def test_a_period_reads_with_its_end_or_says_it_has_none(kb, lang, open_period, closed_period,
                                                          on_or_before, no_end):
    mlat, eio = (kb.ontology.phrase(i, lang) for i in ("MLAT-MA-NL", "EIO"))
    morocco = {"requesting_state": "MA", "requested_state": "NL", "date": "2024-03-01",
               "measures": ["hearing_witness"]}
    britain = {"requesting_state": "GB", "requested_state": "FR", "date": "2020-12-30",
               "measures": ["hearing_witness"]}
    said = {s for scenario in (morocco, britain) for c in kb.assess(scenario, lang)["conclusions"]
            for s in _premises(c["proof"])}
    for sentence in (open_period, closed_period, on_or_before, no_end):
        assert sentence.format(mlat=mlat, eio=eio) in said


@pytest.mark.parametrize("lang, asked, plural, differ", [
    ("en", "the request asks for the hearing of a witness",
     "it is not the case that information on bank accounts obtains no evidence",
     "information on bank accounts and information from criminal records are not the same"),
    ("fr", "la demande porte sur l'audition d'un témoin",
     "il n'est pas vrai que les informations sur des comptes bancaires ne visent pas à obtenir des preuves",
     "les informations sur des comptes bancaires et les informations extraites du casier judiciaire"
     " ne sont pas identiques"),
    ("nl", "het verzoek betreft het verhoor van een getuige",
     "het volgende geldt niet: de inlichtingen over bankrekeningen strekken niet tot het verkrijgen"
     " van bewijs",
     "de inlichtingen over bankrekeningen en de inlichtingen uit het strafregister verschillen"),
])
def test_a_measure_reads_with_its_article_and_number(kb, lang, asked, plural, differ):
    scenario = {"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01",
                "measures": ["hearing_witness", "bank_account_information"]}
    said = {s for c in kb.assess(scenario, lang)["conclusions"] for s in _premises(c["proof"])}
    assert {asked, plural, differ} <= said


@pytest.mark.parametrize("lang, scenario_source, ontology_source", [
    ("en", "(scenario)", "(ontology: GB-ETS-030; "), ("fr", "(scénario)", "(ontologie: GB-ETS-030; "),
    ("nl", "(scenario)", "(ontologie: GB-ETS-030; ")])
def test_the_sources_of_facts_are_named_in_the_language_asked(kb, lang, scenario_source, ontology_source):
    out = render(kb.assess(SCENARIO, lang), "text")
    assert scenario_source in out and ontology_source in out


def test_an_obligation_reads_from_its_verb(kb):
    """'{State} must {what}': the label of what is owed starts with its verb, in English
    and French, not with a clause ('once ...', 'avant de ...') that would follow the modal."""
    owed = {rule.head.args[2] for rule in kb.rules if rule.head.pred in ("obligation", "measure_obligation")
            and isinstance(rule.head.args[2], str)}
    clauses = {"en": ("once ", "before ", "if ", "where ", "when ", "after ", "unless "),
               "fr": ("une fois ", "avant ", "si ", "lorsque ", "après ", "sauf ")}
    leading = [(what, lang) for what in sorted(owed) for lang, starts in clauses.items()
               if kb.ontology.label(what, lang).startswith(starts)]
    assert len(owed) > 100 and leading == []


@pytest.mark.parametrize("lang, heading", [
    ("en", "Request from the Bahamas to the United States, received on 1 January 2024"),
    ("fr", "Demande des Bahamas aux États-Unis, reçue le 1er janvier 2024"),
    ("nl", "Verzoek van de Bahama's aan de Verenigde Staten, ontvangen op 1 januari 2024")])
def test_the_heading_names_the_states_and_the_day(kb, lang, heading):
    scenario = {"requesting_state": "BS", "requested_state": "US", "date": "2024-01-01"}
    assert kb.assess(scenario, lang)["heading"] == heading
    assert render(kb.assess(scenario, lang), "text").startswith(heading + "\n")


def test_a_french_open_question_names_its_article_without_eliding_it(kb):
    questions = {q["conclusion"]: q["statement"] for q in kb.assess(SCENARIO, "fr")["open_questions"]}
    assert questions["condition.necessary_and_proportionate"] == (
        "Selon TCA Art LAW.MUTAS.116(1)(a), la conclusion dépend de faits que le scénario laisse ouverts :"
        " facts.necessary_and_proportionate.")
