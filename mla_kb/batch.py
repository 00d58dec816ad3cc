"""Batch assessment of a JSON Lines file: one scenario per line in, one assessment per
line out, in order; chunks of scenarios are spread over worker processes."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .errors import InputError

CHUNK = 500
_kb = None  # the knowledge base of this process (one per worker)
_proofs = False


def read_lines(path: Path) -> list[dict[str, Any] | str]:
    """The scenarios of a JSON Lines file; a line that is not a JSON object becomes its error."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the batch file ({exc})") from exc
    items: list[dict[str, Any] | str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            items.append(f"line {number}: not valid JSON: {exc.msg}")
            continue
        items.append(item if isinstance(item, dict) else
                     f"line {number}: a scenario is a JSON object of fields")
    return items


def _start(engine: str, proofs: bool) -> None:
    global _kb, _proofs
    from .kb import KnowledgeBase

    _kb, _proofs = KnowledgeBase(engine=engine), proofs


def _assess_chunk(items: list[dict[str, Any] | str]) -> list[str]:
    scenarios = [i for i in items if isinstance(i, dict)]
    results = iter(_kb.assess_many(scenarios, proofs=_proofs))
    return [json.dumps({"error": i} if isinstance(i, str) else next(results), ensure_ascii=False)
            for i in items]


def assess_lines(items: list[dict[str, Any] | str], engine: str, proofs: bool,
                 workers: int) -> Iterator[str]:
    """The assessments of the items, as JSON lines, in order."""
    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    if workers > 1 and len(chunks) > 1:
        with ProcessPoolExecutor(workers, initializer=_start, initargs=(engine, proofs)) as pool:
            for lines in pool.map(_assess_chunk, chunks):
                yield from lines
        return
    _start(engine, proofs)
    for chunk in chunks:
        yield from _assess_chunk(chunk)


def run(path: Path, engine: str, proofs: bool, workers: int) -> int:
    """Write the assessments to standard output; 2 if any line was bad input, else 0."""
    items = read_lines(path)
    progress = sys.stderr.isatty()
    bad = 0
    for done, line in enumerate(assess_lines(items, engine, proofs, workers), start=1):
        bad += line.startswith('{"error"')
        print(line)
        if progress and (done % 100 == 0 or done == len(items)):
            print(f"\r{done}/{len(items)} scenarios", end="", file=sys.stderr)
    if progress:
        print(file=sys.stderr)
    return 2 if bad else 0
