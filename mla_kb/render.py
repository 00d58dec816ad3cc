"""Renderers: an assessment as a text tree for the terminal, Markdown, or JSON."""

from __future__ import annotations

import json
from typing import Any

HEADINGS = {
    "instrument": "Legal basis",
    "refusal_ground": "Grounds for refusal",
    "substitution": "Other measures",
    "obligation": "Obligations",
    "deadline": "Time limits",
    "channel": "Channels",
    "condition": "Conditions",
}


def render(assessment: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(assessment, indent=2, ensure_ascii=False) + "\n"
    return _Writer(markdown=fmt == "markdown").assessment(assessment)


def render_why_not(result: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    return _Writer(markdown=fmt == "markdown").why_not(result)


class _Writer:
    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.lines: list[str] = []
        self.shown: set[str] = set()

    def assessment(self, assessment: dict[str, Any]) -> str:
        scenario = assessment["scenario"]
        title = (f"Request from {scenario['requesting_state']} to {scenario['requested_state']},"
                 f" received {assessment['as_of']}")
        if scenario.get("id"):
            title += f" ({scenario['id']})"
        self.lines.append(f"# {title}" if self.markdown else title)
        if not assessment["conclusions"]:
            self.lines.append("")
            self.lines.append("No conclusion follows from the rules for this scenario.")
        section = None
        for conclusion in assessment["conclusions"]:
            if conclusion["type"] != section:
                section = conclusion["type"]
                heading = HEADINGS[section]
                self.lines += ["", f"## {heading}" if self.markdown else heading.upper()]
            self.conclusion(conclusion)
        if assessment.get("open_questions"):
            heading = "Open questions"
            self.lines += ["", f"## {heading}" if self.markdown else heading.upper()]
            for question in assessment["open_questions"]:
                self.lines.append(f"- {question['conclusion']}: {question['statement']}")
        return "\n".join(self.lines) + "\n"

    def why_not(self, result: dict[str, Any]) -> str:
        scenario = result["scenario"]
        title = (f"Why not {result['conclusion']}? Request from {scenario['requesting_state']} to"
                 f" {scenario['requested_state']}, received {scenario['date']}")
        self.lines.append(f"# {title}" if self.markdown else title)
        if result["follows"]:
            self.lines += ["", "It does follow:"]
            self.node(result["proof"], 1)
        elif not result["reasons"]:
            self.lines += ["", "No rule concludes it."]
        for reason in result["reasons"]:
            self.reason(reason, 0)
        return "\n".join(self.lines) + "\n"

    def reason(self, reason: dict[str, Any], depth: int) -> None:
        pad = "  " * depth
        self.lines += ["", f"{pad}Under {self.cite(reason['citation'])} (rule {reason['rule']}):"]
        if reason["held"]:
            self.lines.append(f"{pad}  holds:")
        for premise in reason["held"]:
            self.node(premise, depth + 2)
        failed = reason["failed"]
        self.lines.append(f"{pad}  fails: {failed['says']}")
        if "fact" in failed:
            state = "leaves open" if failed["unknown"] else "states otherwise"
            self.lines.append(f"{pad}    ({failed['fact']}, which the scenario {state})")
        if "because" in failed:
            self.node(failed["because"], depth + 2)
        for sub in failed.get("reasons", []):
            self.reason(sub, depth + 2)

    def conclusion(self, conclusion: dict[str, Any]) -> None:
        labels = ", ".join(self.cite(c) for c in conclusion["citations"][:1])
        self.lines.append(f"{'- **' if self.markdown else '* '}{conclusion['statement']}"
                          f"{'**' if self.markdown else ''} [{labels}]")
        self.lines.append(f"  {'`' if self.markdown else ''}{conclusion['id']}"
                          f"{'`' if self.markdown else ''}")
        if conclusion.get("depends_on"):
            self.lines.append(f"  unless these unknown facts turn out otherwise:"
                              f" {', '.join(conclusion['depends_on'])}")
        self.lines.append("  because:")
        for premise in conclusion["proof"].get("premises", []):
            self.node(premise, 2)

    def node(self, node: dict[str, Any], depth: int) -> None:
        pad = "  " * depth + "- "
        if "rule" in node:
            key = node["conclusion"]
            label = self.cite(node["citation"])
            if key in self.shown:
                self.lines.append(f"{pad}{node['says']} [{label}] (shown above)")
                return
            self.shown.add(key)
            self.lines.append(f"{pad}{node['says']} [{label}]")
            for premise in node["premises"]:
                self.node(premise, depth + 1)
        elif "fact" in node:
            source = "scenario" if node["source"] == "scenario" else \
                "ontology: " + node["source"].rsplit("/", 1)[-1]
            self.lines.append(f"{pad}{node['says']} ({source})")
        else:
            extra = f" (unless {', '.join(node['unless'])} says otherwise)" if node.get("unless") else ""
            self.lines.append(f"{pad}{node['says']}{extra}")

    def cite(self, citation: dict[str, Any]) -> str:
        if self.markdown and citation.get("uri"):
            return f"[{citation['label']}]({citation['uri']})"
        return citation["label"]
