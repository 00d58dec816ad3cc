"""The web app and its API, through the framework's test client: the form answers
with the conclusion and its article; bad input gives a message or a 4xx JSON error."""

import html
import json
import re

import pytest
from fastapi.testclient import TestClient

from mla_kb.web import MAX_BODY, create_app


@pytest.fixture(scope="module")
def client(kb):
    return TestClient(create_app(kb))


FORM = {"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01", "lang": "en",
        "measures": ["search_and_seizure"], "person.finally_judged_in": "DE",
        "person.penalty": "enforced", "person.same_acts": "true", "offence.road_traffic": "none"}


def test_the_form_is_served(client):
    page = client.get("/")
    assert page.status_code == 200 and '<form method="post"' in page.text
    assert 'name="person.same_acts"' in page.text and "unknown" in page.text


def test_the_answer_shows_the_conclusion_and_its_article(client):
    page = client.post("/", data=FORM)
    assert page.status_code == 200
    assert "Netherlands may refuse assistance on the ground of ne bis in idem." in page.text
    assert "[TCA Art LAW.MUTAS.119]" in page.text and "<details" in page.text


def test_changing_a_fact_changes_the_answer(client):
    page = client.post("/", data={**FORM, "person.penalty": "not_enforced"})
    assert "ne bis in idem." not in page.text and "[TCA Art LAW.MUTAS.120(1)]" in page.text


def test_the_form_asks_for_an_annex_d_category_and_the_penalty(client):
    eio = {**FORM, "requesting_state": "DE", "offence.offence_in_requested_state": "false"}
    listed = client.post("/", data={**eio, "offence.category": "swindling",
                                     "offence.max_penalty_months": "36"})
    follows = "refusal.dual_criminality</a>: what would change it"
    assert listed.status_code == 200 and 'value="swindling" selected' in listed.text
    assert follows not in listed.text
    under = client.post("/", data={**eio, "offence.category": "swindling",
                                    "offence.max_penalty_months": "35"})
    assert follows in under.text and "[EIO Art 11(1)(g)]" in under.text


def test_bad_input_shows_a_message(client):
    page = client.post("/", data={**FORM, "date": "2024-02-30"})
    assert page.status_code == 400 and 'role="alert"' in page.text and "is not a valid date" in page.text


def test_the_form_answers_in_french(client):
    page = client.post("/", data={**FORM, "lang": "fr"})
    assert "Les Pays-Bas peuvent refuser l'entraide pour le motif suivant : ne bis in idem." in \
        html.unescape(page.text)


def test_api_assess_gives_the_contract(client):
    scenario = {"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01"}
    response = client.post("/api/assess", json=scenario)
    assert response.status_code == 200
    assert "instrument.TCA" in [c["id"] for c in response.json()["conclusions"]]


@pytest.mark.parametrize("body, status, message", [
    (b"{not json", 400, "not valid JSON"),
    (b"[1, 2]", 400, "a scenario is a JSON object"),
    (json.dumps({"requesting_state": "XX", "requested_state": "NL", "date": "2024-03-01"}).encode(),
     422, "unknown State 'XX'"),
    (b"{" + b" " * (MAX_BODY + 1) + b"}", 413, "request body over"),
])
def test_api_bad_input_is_a_4xx_json_error(client, body, status, message):
    response = client.post("/api/assess", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status and message in response.json()["error"]


def test_api_instruments_states_and_openapi(client):
    instruments = {i["id"]: i for i in client.get("/api/instruments").json()}
    assert "TCA Art LAW.MUTAS.119" in instruments["TCA"]["provisions"]
    states = {s["id"]: s for s in client.get("/api/states").json()}
    assert {"instrument": "EIO", "from": "2017-07-31", "until": "2020-12-31"} in states["GB"]["bound_by"]
    spec = client.get("/openapi.json").json()
    assert {"/api/assess", "/api/instruments", "/api/states"} <= set(spec["paths"])


def test_cases_and_browse_pages(client):
    cases = client.get("/cases")
    assert cases.status_code == 200 and "gb-nl-ne-bis-in-idem" in cases.text
    case = client.get("/cases/gb-nl-ne-bis-in-idem")
    assert "Netherlands may refuse assistance on the ground of ne bis in idem." in case.text
    prefilled = client.get("/?case=gb-nl-ne-bis-in-idem")
    assert "<option selected>enforced</option>" in prefilled.text
    tca = client.get("/instruments/TCA")
    assert "TCA Art LAW.MUTAS.119" in tca.text and "refusal/tca_ne_bis_in_idem" in tca.text
    timeline = client.get("/relations?a=GB&b=NL")
    assert timeline.status_code == 200 and "<svg" in timeline.text and "TCA: 2021-01-01" in timeline.text
    assert client.get("/cases/nope").status_code == 404
    assert client.get("/instruments/NOPE").status_code == 404
    assert client.get("/relations?a=XX&b=NL").status_code == 400


def test_each_conclusion_links_to_why_not_and_what_would_change(client):
    page = client.post("/", data=FORM)
    links = [html.unescape(link) for link in
             re.findall(r'href="(/explain\?conclusion=refusal\.ne_bis_in_idem[^"]+)"', page.text)]
    assert links
    explained = client.get(links[0])
    assert explained.status_code == 200
    assert '- person.penalty were "not_enforced" (instead of "enforced")' in html.unescape(explained.text)
    assert client.get("/explain?conclusion=refusal.x&scenario=[1]").status_code == 400


def test_the_explanation_of_a_french_answer_is_in_french(client):
    page = client.post("/", data={**FORM, "lang": "fr"})
    [link] = [html.unescape(link) for link in
              re.findall(r'href="(/explain\?conclusion=refusal\.ne_bis_in_idem[^"]+)"', page.text)]
    assert link.endswith("&lang=fr")
    explained = html.unescape(client.get(link).text)
    assert "En l'état : la conclusion découle (may_refuse)." in explained
    assert '- person.penalty valait "not_enforced" (au lieu de "enforced")' in explained
    assert "Pourquoi pas refusal.ne_bis_in_idem ?" in explained
    assert client.get(link.replace("lang=fr", "lang=de")).status_code == 400


def test_what_binds_a_state_on_a_date(client):
    page = client.get("/states/GB?date=2020-06-01")
    assert page.status_code == 200 and "<td>EIO</td>" in page.text and "<td>TCA</td>" not in page.text
    assert "<td>TCA</td>" in client.get("/states/GB?date=2024-03-01").text
    assert client.get("/states/GB?date=junk").status_code == 400
    assert client.get("/states/XX").status_code == 404
