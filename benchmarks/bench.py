"""Benchmarks of mla-kb (`make bench`): prints a table and writes benchmarks/results.json.

Measured: whole-process time of `mla-kb assess` on an example (beside `python -c pass`
and `import mla_kb`), knowledge-base load time, one warm `KnowledgeBase.assess()` with
full proofs over generated scenarios of every regime (p50, p99), `mla-kb check`, and
`mla-kb assess --batch` over 10,000 generated scenarios with clingo (1,000 with pyDatalog).
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
    kb.assess(generated[0])
    times = []
    conclusions = 0
    for scenario in generated:
        start = time.perf_counter()
        assessment = kb.assess(scenario)
        times.append(time.perf_counter() - start)
        conclusions += len(assessment["conclusions"])
    times.sort()
    results["warm_assess_scenarios"] = len(times)
    results["warm_assess_p50_ms"] = 1000 * times[len(times) // 2]
    results["warm_assess_p99_ms"] = 1000 * times[int(len(times) * 0.99) - 1]
    results["warm_assess_conclusions_per_scenario"] = conclusions / len(times)
    results["check_s"] = wall([*MLA_KB, "check"], 1)

    batch = ROOT / "benchmarks" / "batch.jsonl"  # not committed: generated here
    for engine, count in (("clingo", 10_000), ("pydatalog", 1_000)):
        batch.write_text("\n".join(json.dumps(s) for s in scenarios(kb, count, seed=2)) + "\n")
        seconds = wall([*MLA_KB, "assess", "--batch", str(batch), "--engine", engine], 1)
        results[f"bulk_{engine}_scenarios_per_s"] = count / seconds
    batch.unlink()

    (ROOT / "benchmarks" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    width = max(len(k) for k in results)
    for key, value in results.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{key:<{width}}  {shown}")


if __name__ == "__main__":
    main()
