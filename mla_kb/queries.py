"""Named questions (`queries/*.rq`) and ad-hoc SPARQL, read-only, served by pyoxigraph
over the ontology, the rules' metadata and, where a question asks for them, the
conclusions of generated assessments.

A query file starts with comment lines that describe it:

    # description: which States are bound by each instrument on a date
    # param: date = 2024-03-01      (a value for ?date, typed by its form)
    # assess: pairs EU+GB            (assess every pair of these States on ?date first)
    # assess: history from to        (assess the pair ?from -> ?to on every day its law changes)
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .errors import InputError, shown
from .export import assessment_graph, rules_graph
from .kb import ROOT, KnowledgeBase
from .scenario import parse_date

QUERIES = ROOT / "queries"


@dataclass
class NamedQuery:
    name: str
    description: str
    sparql: str
    params: dict[str, str] = field(default_factory=dict)
    assess: list[str] = field(default_factory=list)


def named_queries(directory: Path = QUERIES) -> dict[str, NamedQuery]:
    queries = {}
    for path in sorted(directory.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        meta = re.findall(r"^#\s*(description|param|assess):\s*(.+)$", text, flags=re.M)
        query = NamedQuery(path.stem, "", text)
        for key, value in meta:
            if key == "description":
                query.description = value.strip()
            elif key == "param":
                name, _, default = value.partition("=")
                query.params[name.strip()] = default.split("(")[0].strip()
            else:
                query.assess = value.split()
        queries[query.name] = query
    return queries


class QueryStore:
    """The ontology and the rules' metadata in a pyoxigraph store (built once)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        graph = Graph()
        for triple in kb.ontology.graph:
            graph.add(triple)
        rules_graph(kb.ontology, kb.rules, graph)
        self.store = ox.Store()
        self.store.load(graph.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)

    def run(self, sparql: str, params: dict[str, str] | None = None,
            extra: Graph | None = None) -> tuple[list[str], list[list[str]]]:
        """Variables and rows of a SELECT query (read-only: an update is refused)."""
        store = self.store
        if extra is not None and len(extra):
            store = ox.Store()
            store.bulk_extend(self.store.quads_for_pattern(None, None, None, None))
            store.load(extra.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
        if params:  # the parameters, as a VALUES clause at the start of the pattern
            names = " ".join(f"?{k}" for k in params)
            values = " ".join(str(_literal(v)) for v in params.values())
            sparql = re.sub(r"\bWHERE\s*\{", f"WHERE {{ VALUES ({names}) {{ ({values}) }}", sparql,
                            count=1, flags=re.I)
        try:
            result = store.query(sparql)
        except SyntaxError as exc:
            raise InputError(f"not a SPARQL query (only SELECT, ASK, CONSTRUCT and DESCRIBE are"
                             f" accepted; the store is read-only): {exc}") from exc
        if not isinstance(result, ox.QuerySolutions):
            raise InputError("only SELECT queries give a table; accepted: SELECT ...")
        names = [v.value for v in result.variables]
        rows = [[_text(solution[name]) for name in names] for solution in result]
        return names, rows

    def ask(self, query: NamedQuery, overrides: dict[str, str]) -> tuple[list[str], list[list[str]]]:
        unknown = set(overrides) - set(query.params)
        if unknown:
            raise InputError(f"query {query.name}: unknown parameter(s) {sorted(unknown)};"
                             f" accepted: {', '.join(query.params) or 'none'}")
        params = {**query.params, **overrides}
        return self.run(query.sparql, params, self._assessments(query, params))

    def _assessments(self, query: NamedQuery, params: dict[str, str]) -> Graph | None:
        if not query.assess:
            return None
        mode, *args = query.assess
        if mode == "pairs":
            states = self._group(args[0], parse_date(params["date"], "date"))
            scenarios = [{"requesting_state": a, "requested_state": b, "date": params["date"]}
                         for a, b in itertools.permutations(states, 2)]
        elif mode == "history":
            a, b = params[args[0]], params[args[1]]
            days = self.kb.turning_points({a, b})
            scenarios = [{"requesting_state": a, "requested_state": b, "date": d.isoformat()}
                         for d in days]
        else:
            raise InputError(f"query {query.name}: unknown assess mode {shown(mode)}")
        graph = Graph()
        for assessment in self.kb.assess_many(scenarios):
            if "error" in assessment:
                raise InputError(assessment["error"])
            assessment_graph(self.kb.ontology, assessment, graph)
        return graph

    def _group(self, spec: str, day: dt.date) -> list[str]:
        """`EU+GB`: the members of the EU on the day, and GB."""
        states: list[str] = []
        for part in spec.split("+"):
            members = [f.args[0] for f in self.kb.facts if f.pred == "member" and f.args[1] == part
                       and f.args[2] <= day.toordinal() <= f.args[3]]
            states += sorted(members) if members else [part]
        return states


def _literal(value: str) -> ox.Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        parse_date(value, "date")
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    return ox.Literal(value)


def _text(term) -> str:
    if term is None:
        return ""
    return term.value if hasattr(term, "value") else str(term)
