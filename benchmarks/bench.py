"""Benchmarks of mla-kb (`make bench`): prints a table and writes benchmarks/results.json.

Measured: whole-process time of `mla-kb assess` on an example (beside `python -c pass`
and `import mla_kb`), knowledge-base load time, one warm `KnowledgeBase.assess()` with
full proofs over generated scenarios of every regime (p50, p99), `mla-kb check`,
`mla-kb assess --batch` over 10,000 generated scenarios with clingo (1,000 with pyDatalog),
warm latency as the States, party records and rules grow 1x, 4x, 16x (generated data),
the named questions and a SPARQL query, and a load test of the web API (load.py).
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "gb-nl-ne-bis-in-idem.yaml"
MLA_KB = [sys.executable, "-m", "mla_kb.cli"]


def wall(command: list[str], runs: int) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def scenarios(kb, count: int, seed: int = 1) -> list[dict]:
    """Varied scenarios: pairs of States of every regime, dates from 1990, measures, facts."""
    rng = random.Random(seed)
    states = kb.ontology.ids_of("State")
    core = ["GB", "NL", "DE", "DK", "IE", "FR", "ES", "BE", "NO", "CH", "AT", "PL"]
    measures = kb.ontology.ids_of("InvestigativeMeasure")
    maybe = lambda: rng.choice([True, False, None])  # noqa: E731
    out = []
    for _ in range(count):
        a, b = rng.sample(core if rng.random() < 0.8 else states, 2)
        day = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(12_800))
        chosen = rng.sample(measures, rng.randint(1, 3))
        scenario = {
            "requesting_state": a, "requested_state": b, "date": day.isoformat(),
            "measures": chosen, "urgent": maybe(),
            "offence": {"fiscal": maybe(), "political": maybe(), "offence_in_requested_state": maybe(),
                        "road_traffic": rng.choice(["none", "speeding", "seatbelt", None])},
            "person": {"finally_judged_in": rng.choice(core), "same_acts": maybe(),
                       "penalty": rng.choice(["enforced", "not_enforced", "none", None])},
            "facts": {"necessary_and_proportionate": maybe(),
                      "measure_exists_in_requested_state": {m: rng.random() < 0.8 for m in chosen}},
        }
        out.append(_drop_none(scenario))
    return out


def _drop_none(value):
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    return value


def scaled_copy(factor: int, target: Path, data: bool = True, rules: bool = True) -> Path:
    """A copy of ontology/ and rules/ with `factor` times the States and party records
    (generated States bound by the conventions) and/or the rules (on predicates of their own)."""
    import shutil

    shutil.copytree(ROOT / "ontology", target / "ontology")
    shutil.copytree(ROOT / "rules", target / "rules")
    if factor == 1:
        return target
    if data:
        _more_states(factor, target)
    if rules:
        _more_rules(factor, target)
    return target


def _more_states(factor: int, target: Path) -> None:
    states = len(list((ROOT / "ontology" / "states.ttl").read_text().split("a mla:State"))) - 1
    lines = ["@prefix mla: <https://w3id.org/mla-kb/ontology#> .",
             "@prefix inst: <https://w3id.org/mla-kb/instrument/> .",
             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
             "@prefix dcterms: <http://purl.org/dc/terms/> ."]
    for n in range(states * (factor - 1)):
        state = f"<https://w3id.org/mla-kb/state/Z{n}>"
        lines.append(f'{state} a mla:State ; mla:identifier "Z{n}" .')
        for i, instrument in enumerate(("ETS-030", "ETS-099", "ETS-182")):
            lines.append(f'<https://w3id.org/mla-kb/binding/Z{n}-{i}> a mla:Binding ; mla:party {state} ;'
                         f' mla:instrument inst:{instrument} ; mla:from "2000-01-01"^^xsd:date ;'
                         f' mla:certainty "unverified" ; dcterms:source <https://example.org/generated> .')
    (target / "ontology" / "generated.ttl").write_text("\n".join(lines) + "\n")


def _more_rules(factor: int, target: Path) -> None:
    rule_count = sum(f.read_text().count(":-") for f in (ROOT / "rules").glob("*.rules"))
    rules, predicates = ["@cite VCLT Art 26"], []
    for n in range(rule_count * (factor - 1)):
        rules.append(f"generated_{n}: generated_{n}(R) :- received_on(R, D), D > {700_000 + n}.")
        predicates.append(f"generated_{n}:\n  args: {{request: request}}\n  says: generated {n}\n")
    (target / "rules" / "generated.rules").write_text("\n".join(rules) + "\n")
    with (target / "rules" / "predicates.yaml").open("a") as out:
        out.write("\n" + "\n".join(predicates))


def warm(kb, generated: list[dict]) -> tuple[float, float]:
    """p50 and p99 of one assess() with full proofs, in ms."""
    kb.assess(generated[0])
    times = []
    for scenario in generated:
        start = time.perf_counter()
        kb.assess(scenario)
        times.append(time.perf_counter() - start)
    times.sort()
    return 1000 * times[len(times) // 2], 1000 * times[int(len(times) * 0.99) - 1]


def main() -> None:
    from mla_kb import KnowledgeBase

    results: dict = {"date": dt.date.today().isoformat(), "machine": platform.platform(),
                     "python": platform.python_version()}
    results["cold_python_pass_s"] = wall([sys.executable, "-c", "pass"], 5)
    results["cold_import_mla_kb_s"] = wall([sys.executable, "-c", "import mla_kb"], 5)
    results["cold_assess_example_s"] = wall([*MLA_KB, "assess", str(EXAMPLE)], 5)

    start = time.perf_counter()
    kb = KnowledgeBase()
    results["load_knowledge_base_s"] = time.perf_counter() - start

    generated = scenarios(kb, 1000)
    results["warm_assess_scenarios"] = len(generated)
    results["warm_assess_p50_ms"], results["warm_assess_p99_ms"] = warm(kb, generated)
    clingo_kb = KnowledgeBase(engine="clingo")
    results["warm_assess_clingo_p50_ms"], results["warm_assess_clingo_p99_ms"] = warm(clingo_kb, generated)
    results["check_s"] = wall([*MLA_KB, "check"], 1)

    import tempfile

    for what, data, more_rules in (("data", True, False), ("rules", False, True)):
        for factor in (1, 4, 16):  # more States and party records, or more rules
            with tempfile.TemporaryDirectory() as tmp:
                copy = scaled_copy(factor, Path(tmp), data, more_rules)
                start = time.perf_counter()
                scaled = KnowledgeBase(copy / "ontology", copy / "rules")
                results[f"scaling_{what}_{factor}x_load_s"] = time.perf_counter() - start
                results[f"scaling_{what}_{factor}x_warm_p50_ms"], _ = warm(scaled, generated[:200])

    from mla_kb.queries import QueryStore, named_queries

    store = QueryStore(KnowledgeBase(engine="clingo"))
    for name, query in named_queries().items():
        start = time.perf_counter()
        store.ask(query, {})
        results[f"query_{name}_s"] = time.perf_counter() - start
    start = time.perf_counter()
    store.run("PREFIX mla: <https://w3id.org/mla-kb/ontology#> SELECT ?s WHERE { ?s a mla:Binding }")
    results["sparql_select_bindings_ms"] = 1000 * (time.perf_counter() - start)

    batch = ROOT / "benchmarks" / "batch.jsonl"  # not committed: generated here
    for engine, count, workers in (("clingo", 10_000, 2), ("clingo", 10_000, 1), ("pydatalog", 1_000, 2)):
        batch.write_text("\n".join(json.dumps(s) for s in scenarios(kb, count, seed=2)) + "\n")
        seconds = wall([*MLA_KB, "assess", "--batch", str(batch), "--engine", engine,
                        "--workers", str(workers)], 1)
        results[f"bulk_{engine}_{workers}_workers_scenarios_per_s"] = count / seconds
    batch.unlink()

    from load import load_test

    results.update(load_test())
    if results["load_failed"]:
        raise SystemExit(f"{results['load_failed']} requests of the load test failed")

    (ROOT / "benchmarks" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    width = max(len(k) for k in results)
    for key, value in results.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{key:<{width}}  {shown}")


if __name__ == "__main__":
    main()
