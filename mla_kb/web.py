"""The web app (`mla-kb serve`): a form to ask a question, with the answer and its
proofs on the same page, and a JSON API with its OpenAPI description.

Pages are rendered on the server (Jinja2); no front-end build is needed. Bad input
gives a message on the page, or a 4xx JSON error from the API; request bodies are
limited in size; nothing a request sends can change the knowledge base.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import Any

import yaml
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from starlette.middleware.base import BaseHTTPMiddleware

from .counterfactual import what_would_change
from .errors import InputError
from .kb import ROOT, KnowledgeBase
from .messages import LANGUAGES
from .ontology import iso_date, provision_order
from .render import STYLE, html_fragment, render_changes, render_why_not
from .rules import CitationRef
from .scenario import FIELDS, PENALTIES, Scenario, load_yaml

MAX_BODY = 64 * 1024  # bytes
TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
TRI_STATE = [("", "unknown"), ("true", "yes"), ("false", "no")]


class _LimitBody(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > MAX_BODY:
            return JSONResponse({"error": f"request body over {MAX_BODY} bytes"}, status_code=413)
        body = await request.body()
        if len(body) > MAX_BODY:
            return JSONResponse({"error": f"request body over {MAX_BODY} bytes"}, status_code=413)
        return await call_next(request)


def create_app(kb: KnowledgeBase | None = None) -> FastAPI:
    """The app over a knowledge base; by default one on clingo, which answers a page's
    what-would-change in a single solver call (the answers are pyDatalog's, see
    tests/test_engines.py)."""
    kb = kb or KnowledgeBase(engine="clingo")
    app = FastAPI(title="mla-kb", description="Mutual legal assistance in criminal matters:"
                  " assessments with the article behind every answer.", version="0.1.0")
    app.add_middleware(_LimitBody)
    states = [(s, kb.ontology.label(s)) for s in kb.ontology.ids_of("State")]
    measures = [(m, kb.ontology.label(m)) for m in kb.ontology.ids_of("InvestigativeMeasure")]
    road = kb.ontology.ids_of("RoadTrafficOffence")
    categories = sorted(((c, kb.ontology.label(c)) for c in kb.ontology.ids_of("AnnexDCategory")),
                        key=lambda pair: pair[1])

    def page(request: Request, form: dict[str, Any], assessment: dict[str, Any] | None = None,
             error: str = "", status: int = 200) -> HTMLResponse:
        explore = []  # (conclusion id, follows) for the why-not / what-would-change links
        if assessment:
            explore = [(c["id"], True) for c in assessment["conclusions"]] + \
                      [(q["conclusion"], False) for q in assessment["open_questions"]]
        return TEMPLATES.TemplateResponse(request, "ask.html", {
            "style": STYLE, "states": states, "measures": measures, "road_traffic": road,
            "categories": categories,
            "penalties": PENALTIES, "tri": TRI_STATE, "form": form, "error": error,
            "answer": html_fragment(assessment) if assessment else "", "explore": explore,
            "scenario": json.dumps(assessment["scenario"]) if assessment else "",
            "languages": LANGUAGES,
            "bools": [f for f, kind in FIELDS.items() if kind == "bool"]}, status_code=status)

    @app.get("/", response_class=HTMLResponse, summary="The form to ask a question")
    def ask_form(request: Request, case: str | None = None) -> HTMLResponse:
        """The form, empty or filled with a training case's facts (?case=NAME)."""
        if case is not None:
            cases = _cases()
            if case not in cases:
                return page(request, {}, error=f"unknown case {case!r}", status=404)
            return page(request, {**_form_values(kb.scenario(cases[case]["scenario"])), "lang": "en"})
        return page(request, {"requesting_state": "GB", "requested_state": "NL",
                              "date": "2024-03-01", "lang": "en"})

    @app.get("/cases", response_class=HTMLResponse, summary="The training cases")
    def cases_page(request: Request) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, "cases.html", {"style": STYLE, "cases": _cases()})

    @app.get("/cases/{name}", response_class=HTMLResponse, summary="One case and its model answer")
    def case_page(request: Request, name: str) -> HTMLResponse:
        cases = _cases()
        if name not in cases:
            return HTMLResponse(f"<p>Unknown case {escape(name)!s}.</p>", status_code=404)
        case = cases[name]
        answer = html_fragment(kb.assess(case["scenario"]))
        return TEMPLATES.TemplateResponse(request, "case.html", {
            "style": STYLE, "name": name, "case": case, "answer": answer,
            "facts": yaml.safe_dump(case["scenario"], sort_keys=False, allow_unicode=True)})

    @app.get("/instruments", response_class=HTMLResponse, summary="The instruments")
    def instruments_page(request: Request) -> HTMLResponse:
        items = [(i, kb.ontology.label(i)) for i in kb.ontology.ids_of("LegalInstrument")]
        return TEMPLATES.TemplateResponse(request, "instruments.html", {"style": STYLE, "items": items})

    @app.get("/instruments/{ident}", response_class=HTMLResponse,
             summary="An instrument: its provisions, their text, the rules that encode them")
    def instrument_page(request: Request, ident: str) -> HTMLResponse:
        provisions = [(CitationRef(*key), kb.ontology.provision_text(CitationRef(*key)))
                      for key in sorted(kb.ontology.provisions, key=provision_order) if key[0] == ident]
        if ident not in kb.ontology.ids_of("LegalInstrument"):
            return HTMLResponse(f"<p>Unknown instrument {escape(ident)}.</p>", status_code=404)
        rules: dict[str, list[str]] = defaultdict(list)
        for rule in kb.rules:
            for ref in rule.citations:
                rules[ref.label].append(rule.id)
        return TEMPLATES.TemplateResponse(request, "instrument.html", {
            "style": STYLE, "label": kb.ontology.label(ident), "provisions": provisions,
            "rules": rules})

    @app.get("/relations", response_class=HTMLResponse,
             summary="The legal bases between two States over time, as a timeline")
    def relations_page(request: Request, a: str = "GB", b: str = "NL") -> HTMLResponse:
        try:
            days = kb.turning_points({a.upper(), b.upper()})
            scenarios = [{"requesting_state": a, "requested_state": b, "date": d.isoformat()}
                         for d in days if d <= dt.date.today()]
            periods = [(s["date"], [c["value"] for c in kb.assess(s)["conclusions"]
                                    if c["type"] == "instrument"]) for s in scenarios]
        except InputError as exc:
            return HTMLResponse(f"<p role=\"alert\">{escape(str(exc))}</p>", status_code=400)
        return TEMPLATES.TemplateResponse(request, "relations.html", {
            "style": STYLE, "a": a.upper(), "b": b.upper(), "states": states,
            "timeline": _timeline(periods)})

    @app.post("/", response_class=HTMLResponse, summary="The answer, below the form")
    async def ask(request: Request) -> HTMLResponse:
        form = await request.form()
        values = {k: v for k, v in form.multi_items() if k != "measures"}
        values["measures"] = form.getlist("measures")
        try:
            lang = values.get("lang", "en")
            assessment = kb.assess(_scenario(values), lang if lang in LANGUAGES else "en")
        except InputError as exc:
            return page(request, values, error=str(exc), status=400)
        return page(request, values, assessment)

    @app.get("/explain", response_class=HTMLResponse,
             summary="Why a conclusion does not follow, and what would change it")
    def explain(request: Request, conclusion: str, scenario: str, lang: str = "en") -> HTMLResponse:
        try:
            data = json.loads(scenario)
            if not isinstance(data, dict):
                raise InputError("the scenario is a JSON object of fields")
            why = render_why_not(kb.why_not(data, conclusion, lang), "text")
            changes = render_changes(what_would_change(kb, data, conclusion, lang), "text")
        except (InputError, ValueError) as exc:
            return HTMLResponse(f"<p role=\"alert\">{escape(str(exc))}</p>", status_code=400)
        return TEMPLATES.TemplateResponse(request, "explain.html", {
            "style": STYLE, "conclusion": conclusion, "why": why, "changes": changes})

    @app.get("/states/{code}", response_class=HTMLResponse, summary="What binds a State on a date")
    def state_page(request: Request, code: str, date: str | None = None) -> HTMLResponse:
        try:
            day = dt.date.fromisoformat(date) if date else dt.date.today()
        except ValueError:
            return HTMLResponse(f"<p role=\"alert\">{escape(date)!s} is not a date (YYYY-MM-DD)</p>",
                                status_code=400)
        if code not in dict(states):
            return HTMLResponse(f"<p>Unknown State {escape(code)}.</p>", status_code=404)
        ordinal = day.toordinal()
        rows = [(f.pred, f.args[1], iso_date(f.args[2]), iso_date(f.args[3]),
                 f.source.rsplit("/", 1)[-1])
                for f in kb.facts if f.pred in ("bound", "member") and f.args[0] == code
                and f.args[2] <= ordinal <= f.args[3]]
        return TEMPLATES.TemplateResponse(request, "state.html", {
            "style": STYLE, "code": code, "label": dict(states)[code], "day": day.isoformat(),
            "rows": sorted(rows)})

    @app.post("/api/assess", summary="Assess a scenario (the assessment contract of DESIGN.md)")
    async def api_assess(request: Request, lang: str = "en") -> JSONResponse:
        try:
            data = await request.json()
        except ValueError:
            return JSONResponse({"error": "the body is not valid JSON"}, status_code=400)
        if not isinstance(data, dict):
            return JSONResponse({"error": "a scenario is a JSON object of fields"}, status_code=400)
        try:
            return JSONResponse(kb.assess(data, lang))
        except InputError as exc:
            return JSONResponse({"error": str(exc)}, status_code=422)

    @app.get("/api/instruments", summary="The instruments, with their provisions")
    def api_instruments() -> list[dict[str, Any]]:
        provisions: dict[str, list[str]] = defaultdict(list)
        for key in kb.ontology.provisions:
            provisions[key[0]].append(CitationRef(*key).label)
        return [{"id": i, "label": kb.ontology.label(i), "provisions": sorted(provisions.get(i, []))}
                for i in kb.ontology.ids_of("LegalInstrument")]

    @app.get("/api/states", summary="The States, with what binds them (party records)")
    def api_states() -> list[dict[str, Any]]:
        bound: dict[str, list[dict[str, Any]]] = {}
        for fact in kb.facts:
            if fact.pred == "bound":
                party, instrument, start, end = fact.args
                bound.setdefault(party, []).append({"instrument": instrument, "from": iso_date(start),
                                                    "until": iso_date(end)})
        return [{"id": s, "label": label, "bound_by": bound.get(s, [])} for s, label in states]

    return app


@contextmanager
def serving(app: FastAPI, timeout: float = 10.0) -> Iterator[str]:
    """Run the app on a free loopback port in a thread; yields its base URL (for tests)."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the app did not start within {timeout} s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=timeout)


def _cases() -> dict[str, dict[str, Any]]:
    """The training cases: the examples, with the question their comment asks."""
    cases = {}
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        question = " ".join(line.lstrip("# ").strip() for line in text.splitlines()
                            if line.startswith("#"))
        cases[path.stem] = {"question": question, "scenario": load_yaml(text)}
    return cases


def _form_values(scenario: Scenario) -> dict[str, Any]:
    """A validated scenario as the form's fields (the form has no per-measure inputs)."""
    values: dict[str, Any] = {}
    for path, value in scenario.values.items():
        if isinstance(value, bool):
            values[path] = "true" if value else "false"
        elif isinstance(value, dt.date):
            values[path] = value.isoformat()
        elif FIELDS[path] != "per_measure":
            values[path] = value
    return values


def _timeline(periods: list[tuple[str, list[str]]]) -> str:
    """An SVG picture: one row per instrument, a bar for each period it applied."""
    if not periods:
        return ""
    start = dt.date.fromisoformat(periods[0][0])
    end = dt.date.today()
    span = max((end - start).days, 1)
    instruments = sorted({i for _, found in periods for i in found})
    x = lambda day: 160 + 600 * (dt.date.fromisoformat(day) - start).days / span  # noqa: E731
    rows = []
    for row, instrument in enumerate(instruments):
        y = 20 + 26 * row
        rows.append(f'<text x="0" y="{y + 14}" font-size="12">{escape(instrument)}</text>')
        for index, (day, found) in enumerate(periods):
            if instrument in found:
                until = periods[index + 1][0] if index + 1 < len(periods) else end.isoformat()
                rows.append(f'<rect x="{x(day):.1f}" y="{y}" width="{max(x(until) - x(day), 1):.1f}"'
                            f' height="18" fill="#6a8caf"><title>{escape(instrument)}: {day} to'
                            f' {until}</title></rect>')
    height = 40 + 26 * len(instruments)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="780" height="{height}" role="img">'
            f'<text x="160" y="{height - 4}" font-size="11">{start.isoformat()}</text>'
            f'<text x="700" y="{height - 4}" font-size="11">{end.isoformat()}</text>'
            + "".join(rows) + "</svg>")


def _scenario(values: dict[str, Any]) -> dict[str, Any]:
    """Form fields ("offence.fiscal" = "true") to a nested scenario; empty means unknown."""
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if key == "lang" or value in ("", [], None):
            continue
        if key not in FIELDS:
            raise InputError(f"unknown field {key!r}")
        if FIELDS[key] == "bool":
            value = value == "true"
        elif FIELDS[key] == "int":
            value = int(value) if str(value).isdigit() else value
        flat[key] = value
    return Scenario(flat).as_dict()
