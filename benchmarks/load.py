"""A small load test of the web API on loopback (part of `make bench`): 1,000
POST /api/assess requests from 8 concurrent clients; none may fail. Bounded in count
and in time (a request that takes over 30 s fails)."""

from __future__ import annotations

import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import scenarios  # noqa: E402

REQUESTS, CLIENTS = 1_000, 8


def load_test() -> dict:
    from mla_kb import KnowledgeBase
    from mla_kb.web import create_app, serving

    kb = KnowledgeBase(engine="clingo")  # as mla-kb serve has it
    bodies = scenarios(kb, REQUESTS, seed=3)
    with serving(create_app(kb)) as url:

        def one(client: httpx.Client, body: dict) -> tuple[float, int]:
            start = time.perf_counter()
            status = client.post(f"{url}/api/assess", json=body).status_code
            return time.perf_counter() - start, status

        def worker(part: list[dict]) -> list[tuple[float, int]]:
            with httpx.Client(timeout=30) as client:
                return [one(client, body) for body in part]

        start = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            parts = [bodies[i::CLIENTS] for i in range(CLIENTS)]
            results = [r for part in pool.map(worker, parts) for r in part]
        wall = time.perf_counter() - start
    times = sorted(t for t, _ in results)
    failed = sum(status != 200 for _, status in results)
    return {"load_requests": len(results), "load_clients": CLIENTS, "load_failed": failed,
            "load_p50_ms": 1000 * statistics.median(times),
            "load_p99_ms": 1000 * times[int(len(times) * 0.99) - 1],
            "load_requests_per_s": len(results) / wall}


if __name__ == "__main__":
    for key, value in load_test().items():
        print(f"{key:<22} {value:.1f}" if isinstance(value, float) else f"{key:<22} {value}")
