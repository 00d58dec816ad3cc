"""The web app (`mla-kb serve`): a form to ask a question, with the answer and its
proofs on the same page, and a JSON API with its OpenAPI description.

Pages are rendered on the server (Jinja2); no front-end build is needed. Bad input
gives a message on the page, or a 4xx JSON error from the API; request bodies are
limited in size; nothing a request sends can change the knowledge base.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from starlette.middleware.base import BaseHTTPMiddleware

from .errors import InputError
from .kb import KnowledgeBase
from .messages import LANGUAGES
from .ontology import OPEN
from .render import STYLE, html_fragment
from .rules import CitationRef
from .scenario import FORMAT, PENALTIES

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
    kb = kb or KnowledgeBase()
    app = FastAPI(title="mla-kb", description="Mutual legal assistance in criminal matters:"
                  " assessments with the article behind every answer.", version="0.1.0")
    app.add_middleware(_LimitBody)
    states = [(s, kb.ontology.label(s)) for s in kb.ontology.ids_of("State")]
    measures = [(m, kb.ontology.label(m)) for m in kb.ontology.ids_of("InvestigativeMeasure")]
    road = kb.ontology.ids_of("RoadTrafficOffence")

    def page(request: Request, form: dict[str, Any], answer: str = "", error: str = "",
             status: int = 200) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, "ask.html", {
            "style": STYLE, "states": states, "measures": measures, "road_traffic": road,
            "penalties": PENALTIES, "tri": TRI_STATE, "form": form, "answer": answer,
            "error": error, "languages": LANGUAGES,
            "bools": [f for f, kind in _leaves() if kind == "bool"]}, status_code=status)

    @app.get("/", response_class=HTMLResponse, summary="The form to ask a question")
    def ask_form(request: Request) -> HTMLResponse:
        return page(request, {"requesting_state": "GB", "requested_state": "NL",
                              "date": "2024-03-01", "lang": "en"})

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
        return page(request, values, answer=html_fragment(assessment))

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
                bound.setdefault(party, []).append({"instrument": instrument, "from": _iso(start),
                                                    "until": _iso(end)})
        return [{"id": s, "label": label, "bound_by": bound.get(s, [])} for s, label in states]

    return app


def _leaves(spec: dict[str, Any] = FORMAT, prefix: str = ""):
    for name, kind in spec.items():
        if isinstance(kind, dict):
            yield from _leaves(kind, f"{prefix}{name}.")
        else:
            yield prefix + name, kind


def _scenario(values: dict[str, Any]) -> dict[str, Any]:
    """Form fields ("offence.fiscal" = "true") to a nested scenario; empty means unknown."""
    scenario: dict[str, Any] = {}
    kinds = dict(_leaves())
    for key, value in values.items():
        if key == "lang" or value in ("", [], None):
            continue
        if key not in kinds:
            raise InputError(f"unknown field {key!r}")
        if kinds[key] == "bool":
            value = value == "true"
        elif kinds[key] == "int":
            value = int(value) if str(value).isdigit() else value
        *sections, name = key.split(".")
        target = scenario
        for section in sections:
            target = target.setdefault(section, {})
        target[name] = value
    return scenario


def _iso(ordinal: int) -> str | None:
    return None if ordinal == OPEN else dt.date.fromordinal(ordinal).isoformat()
