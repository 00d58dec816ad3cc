"""The command line: `mla-kb COMMAND` (assess, applicable, why-not, what-would-change,
query, sparql, ontology, serve, check, coverage; `mla-kb --help` lists them).

Exit codes: 0 answered, 2 bad input (one line naming what is wrong), 1 internal error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from .errors import InputError, MlaKbError, shown
from .kb import ENGINES
from .messages import LANGUAGES

FORMATS = ("text", "markdown", "json")
ASSESS_FORMATS = (*FORMATS, "html", "turtle")
LANG_HELP = "the language of the explanations: en (default), fr or nl"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mla-kb",
        description="Mutual legal assistance in criminal matters: which instrument governs a"
                    " request, may it be refused, by when must it be decided - each answer with"
                    " the article it comes from and its proof.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    assess = commands.add_parser("assess", help="assess a scenario (YAML or JSON file)")
    assess.add_argument("scenario", type=Path, help="the scenario file, e.g. examples/*.yaml")
    assess.add_argument("--format", choices=ASSESS_FORMATS, default="text",
                        help="text (default), markdown, json (the assessment contract), html"
                             " (one self-contained page) or turtle (RDF, PROV-O)")
    assess.add_argument("--batch", action="store_true",
                        help="SCENARIO is a JSON Lines file, one scenario per line; write one"
                             ' assessment per line (a bad line gives {"error": ...} and exit code 2)')
    assess.add_argument("--proofs", action="store_true",
                        help="with --batch: include proofs and open questions (slower)")
    assess.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="with --batch: processes to spread the scenarios over (default: one"
                             " per core)")
    assess.add_argument("--lang", choices=LANGUAGES, default="en", help=LANG_HELP)
    assess.add_argument("--engine", choices=ENGINES, default=None,
                        help="the Datalog engine: pydatalog (default), or clingo (default with --batch)")

    applicable = commands.add_parser(
        "applicable", help="which instruments govern a request between two States on a date")
    applicable.add_argument("--from", dest="requesting", required=True, metavar="STATE",
                            help="the requesting State (ISO code, e.g. GB)")
    applicable.add_argument("--to", dest="requested", required=True, metavar="STATE",
                            help="the requested State (ISO code, e.g. NL)")
    applicable.add_argument("--on", dest="date", default=dt.date.today().isoformat(),
                            metavar="YYYY-MM-DD", help="the day the request is received (default: today)")
    applicable.add_argument("--measure", action="append", default=[], metavar="MEASURE",
                            help="an investigative measure asked for (may be repeated)")
    applicable.add_argument("--format", choices=FORMATS, default="text")
    applicable.add_argument("--lang", choices=LANGUAGES, default="en", help=LANG_HELP)

    why_not = commands.add_parser(
        "why-not", help="why a conclusion does not follow from a scenario (or its proof if it does)")
    why_not.add_argument("scenario", type=Path, help="the scenario file")
    why_not.add_argument("conclusion", metavar="CONCLUSION-ID",
                         help="e.g. refusal.fiscal_offence, instrument.EIO, deadline.decision")
    why_not.add_argument("--format", choices=FORMATS, default="text")
    why_not.add_argument("--lang", choices=LANGUAGES, default="en", help=LANG_HELP)

    changes = commands.add_parser(
        "what-would-change", help="the single changes of the scenario's facts that would remove a"
                                  " conclusion, bring it about, or change its value")
    changes.add_argument("scenario", type=Path, help="the scenario file")
    changes.add_argument("conclusion", metavar="CONCLUSION-ID", help="e.g. refusal.ne_bis_in_idem")
    changes.add_argument("--format", choices=FORMATS, default="text")
    changes.add_argument("--lang", choices=LANGUAGES, default="en", help=LANG_HELP)
    changes.add_argument("--engine", choices=ENGINES, default="clingo",
                         help="clingo (default: it solves all the variations at once) or pydatalog")

    query = commands.add_parser("query", help="run a named question of queries/ (--list lists them)")
    query.add_argument("name", nargs="?", help="the question, e.g. instrument-matrix")
    query.add_argument("--list", action="store_true", help="list the questions with their descriptions")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                       help="a parameter of the question, e.g. date=2021-01-05 (may be repeated)")
    query.add_argument("--format", choices=("text", "json"), default="text")

    sparql = commands.add_parser("sparql", help="run a read-only SPARQL SELECT over the ontology"
                                                " and the rules' metadata")
    sparql.add_argument("query", help="the query text, e.g. 'SELECT ?s WHERE { ?s a mla:State }'")
    sparql.add_argument("--format", choices=("text", "json"), default="text")

    ontology = commands.add_parser("ontology", help="export the ontology (RDF/XML opens in Protégé)")
    ontology.add_argument("--format", choices=("xml", "turtle", "nt"), default="xml")

    serve = commands.add_parser("serve", help="the web app: a form to ask, and a JSON API")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--engine", choices=ENGINES, default="clingo",
                       help="clingo (default) or pydatalog; both give the same answers")

    commands.add_parser("check", help="check the ontology (HermiT) and lint the rules")

    coverage = commands.add_parser(
        "coverage", help="the table of provisions, the rules that encode them and their tests")
    coverage.add_argument("--write", type=Path, metavar="FILE",
                          help="write the table to FILE (e.g. docs/coverage.md) instead of printing it")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except InputError as exc:
        print("mla-kb: error: " + " ".join(str(exc).split()), file=sys.stderr)
        return 2
    except MlaKbError as exc:
        print(f"mla-kb: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: say so in one line; MLA_KB_DEBUG=1 shows the traceback
        if os.environ.get("MLA_KB_DEBUG"):
            raise
        print(f"mla-kb: internal error: {type(exc).__name__}: {exc}"
              " (set MLA_KB_DEBUG=1 to see where)", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "check":
        from .check import check
        from .kb import ROOT

        problems = check(ROOT / "ontology", ROOT / "rules")
        for problem in problems:
            print(problem)
        print("check: " + (f"{len(problems)} problem(s)" if problems else
                           "ontology consistent (HermiT), rules lint clean"))
        return 1 if problems else 0

    if args.command == "serve":
        import uvicorn

        from .kb import KnowledgeBase
        from .web import create_app

        uvicorn.run(create_app(KnowledgeBase(engine=args.engine)), host=args.host, port=args.port)
        return 0
    if args.command in ("query", "sparql"):
        return _query(args)
    if args.command == "ontology":
        from .kb import ROOT
        from .ontology import load_graph

        print(load_graph(ROOT / "ontology").serialize(format=args.format), end="")
        return 0
    if args.command == "coverage":
        from .coverage import coverage_table
        from .kb import ROOT, KnowledgeBase

        table = coverage_table(KnowledgeBase(), ROOT / "tests" / "scenarios")
        if args.write:
            args.write.write_text(table, encoding="utf-8")
        else:
            print(table, end="")
        return 0

    from .kb import KnowledgeBase
    from .render import render, render_why_not
    from .scenario import read_scenario_file

    if args.command == "assess" and args.batch:
        return _batch(args)
    if args.command == "assess":
        data = read_scenario_file(args.scenario)
        kb = KnowledgeBase(engine=args.engine or "pydatalog")
        assessment = kb.assess(data, args.lang)
        if args.format == "turtle":
            from .export import assessment_graph

            print(assessment_graph(kb.ontology, assessment).serialize(format="turtle"), end="")
        else:
            print(render(assessment, args.format), end="")
        return 0
    if args.command == "what-would-change":
        from .counterfactual import what_would_change
        from .render import render_changes

        data = read_scenario_file(args.scenario)
        result = what_would_change(KnowledgeBase(engine=args.engine), data, args.conclusion, args.lang)
        print(render_changes(result, args.format), end="")
        return 0
    if args.command == "why-not":
        data = read_scenario_file(args.scenario)
        result = KnowledgeBase().why_not(data, args.conclusion, args.lang)
        print(render_why_not(result, args.format), end="")
        return 0

    kb = KnowledgeBase()
    data = {"requesting_state": args.requesting, "requested_state": args.requested,
            "date": args.date, "measures": args.measure}
    assessment = kb.assess(data, args.lang)
    assessment["conclusions"] = [c for c in assessment["conclusions"] if c["type"] == "instrument"]
    assessment["open_questions"] = [q for q in assessment["open_questions"]
                                    if q["conclusion"].startswith("instrument.")]
    print(render(assessment, args.format), end="")
    return 0


def _query(args: argparse.Namespace) -> int:
    """Named questions and ad-hoc SPARQL, as a table or JSON."""
    from .kb import KnowledgeBase
    from .queries import QueryStore, named_queries

    queries = named_queries()
    if args.command == "query" and (args.list or not args.name):
        for name, query in queries.items():
            print(f"{name:<22} {query.description}")
        return 0
    store = QueryStore(KnowledgeBase(engine="clingo"))
    if args.command == "sparql":
        prefixes = "PREFIX mla: <https://w3id.org/mla-kb/ontology#>\n"
        names, rows = store.run(prefixes + args.query)
    else:
        if args.name not in queries:
            raise InputError(f"unknown question {shown(args.name)}; accepted: {', '.join(queries)}")
        params = dict(p.partition("=")[::2] for p in args.param)
        names, rows = store.ask(queries[args.name], params)
    if args.format == "json":
        print(json.dumps([dict(zip(names, row, strict=True)) for row in rows], indent=2,
                         ensure_ascii=False))
        return 0
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    for row in [names, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def _batch(args: argparse.Namespace) -> int:
    from .batch import run

    return run(args.scenario, args.engine or "clingo", args.proofs, args.workers)


if __name__ == "__main__":
    sys.exit(main())
