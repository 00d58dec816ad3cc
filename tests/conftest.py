"""Shared fixtures: one knowledge base for the whole test session, and the scenario cases."""

from pathlib import Path

import pytest

from mla_kb import KnowledgeBase
from mla_kb.scenario import load_yaml

TESTS = Path(__file__).parent
ROOT = TESTS.parent


def scenario_cases() -> list[dict]:
    """Every case of tests/scenarios/*.yaml, named after its file and title."""
    cases = []
    for path in sorted((TESTS / "scenarios").glob("*.yaml")):
        for case in load_yaml(path.read_text(encoding="utf-8")):
            cases.append({**case, "file": path.stem})
    return cases


def example_files() -> list[Path]:
    return sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase()
