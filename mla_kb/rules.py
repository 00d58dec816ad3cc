"""Rule files: parse `rules/*.rules` into rule objects.

A rule file reads like an annotated statute. `@cite` names the provision the
following rules encode, `>` lines quote it, and each rule is written
`name: head :- literal, literal, ... .` with Datalog literals:

    @cite TCA Art LAW.MUTAS.120(1)
    > ... no later than 45 days after the receipt of the request ...
    decision: deadline(R, decision, Due) :- tca_applies(R), received_on(R, D), Due = D + 45.

Variables start with a capital letter; constants are lower-case names,
"quoted strings" or integers. A body literal is an atom, `not atom`, a
comparison (`<`, `<=`, `>`, `>=`, `==`, `!=`) or `Var = term [+|- term]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import RuleError


@dataclass(frozen=True)
class Var:
    name: str

    def __str__(self) -> str:
        return self.name


Term = Var | str | int


@dataclass(frozen=True)
class Atom:
    pred: str
    args: tuple[Term, ...]
    negated: bool = False

    def variables(self) -> list[Var]:
        return [a for a in self.args if isinstance(a, Var)]


@dataclass(frozen=True)
class Compare:
    left: Term
    op: str
    right: Term

    def variables(self) -> list[Var]:
        return [t for t in (self.left, self.right) if isinstance(t, Var)]


@dataclass(frozen=True)
class Assign:
    """`var = left` or `var = left op right` (op is + or -)."""

    var: Var
    left: Term
    op: str | None = None
    right: Term | None = None

    def variables(self) -> list[Var]:
        return [t for t in (self.var, self.left, self.right) if isinstance(t, Var)]


Literal = Atom | Compare | Assign


@dataclass(frozen=True)
class CitationRef:
    """A reference to a provision: instrument, article, paragraph, point, and the quote."""

    instrument: str
    article: str
    paragraph: str | None = None
    point: str | None = None
    quote: str = ""
    line: int = 0

    @property
    def key(self) -> tuple[str, str, str | None, str | None]:
        return (self.instrument, self.article, self.paragraph, self.point)

    @property
    def label(self) -> str:
        tail = "".join(f"({p})" for p in (self.paragraph, self.point) if p)
        return f"{self.instrument} Art {self.article}{tail}"


@dataclass(frozen=True)
class Rule:
    id: str
    head: Atom
    body: tuple[Literal, ...]
    citations: tuple[CitationRef, ...]
    file: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


_CITE = re.compile(r"^@cite\s+(\S+)\s+Art\s+([^\s(]+)((?:\([^)\s]+\))*)\s*$")
_RULE_START = re.compile(r"^([a-z][a-z0-9_]*):(?!-)\s*(.*)$")
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"[^"]*")
      | (?P<int>\d+)
      | (?P<op>:-|<=|>=|==|!=|<|>|=|\+|-|\(|\)|,|\.)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)


def parse_rule_files(directory: Path) -> list[Rule]:
    """Parse every `*.rules` file of a directory, in name order."""
    rules: list[Rule] = []
    for path in sorted(directory.glob("*.rules")):
        rules.extend(parse_rule_text(path.read_text(encoding="utf-8"), path.name))
    return rules


@dataclass
class _Pending:
    name: str
    text: str
    line: int
    citations: tuple[CitationRef, ...]


@dataclass
class _State:
    file: str
    cites: list[CitationRef] = field(default_factory=list)
    cites_closed: bool = False  # a rule followed the last @cite group
    pending: _Pending | None = None


def parse_rule_text(text: str, file: str) -> list[Rule]:
    """Parse the text of one rule file; `file` names it in errors and rule ids."""
    stem = file.rsplit(".", 1)[0]
    state = _State(file=file)
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if state.pending is not None:
            state.pending.text += " " + line.strip()
        elif not line.strip() or line.lstrip().startswith("#"):
            continue
        elif line.startswith("@cite"):
            _add_cite(state, line, number)
            continue
        elif line.startswith(">"):
            if not state.cites:
                raise RuleError(f"{file}:{number}: a quote (>) must follow an @cite line")
            last = state.cites[-1]
            quote = (last.quote + " " + line[1:].strip()).strip()
            state.cites[-1] = CitationRef(*last.key, quote=quote, line=last.line)
            continue
        else:
            match = _RULE_START.match(line)
            if not match:
                raise RuleError(
                    f"{file}:{number}: expected '@cite', '>', '# comment' or 'name: head :- body.',"
                    f" found {line.strip()!r}"
                )
            name, rest = match.groups()
            if name in seen:
                raise RuleError(f"{file}:{number}: rule name {name!r} already used at line {seen[name]}")
            seen[name] = number
            state.cites_closed = True
            state.pending = _Pending(name, rest, number, tuple(state.cites))
        if state.pending.text.rstrip().endswith("."):
            rules.append(_finish(state.pending, stem, file))
            state.pending = None
    if state.pending is not None:
        raise RuleError(f"{file}:{state.pending.line}: rule {state.pending.name!r} does not end with '.'")
    return rules


def _add_cite(state: _State, line: str, number: int) -> None:
    match = _CITE.match(line)
    if not match:
        raise RuleError(
            f"{state.file}:{number}: malformed citation {line!r};"
            " expected '@cite INSTRUMENT Art ARTICLE(paragraph)(point)'"
        )
    instrument, article, tail = match.groups()
    parts = re.findall(r"\(([^)]+)\)", tail)
    # Art 118(a) and Art 694-33(4°): a point directly under the article; (1bis) is a paragraph
    if parts and not re.fullmatch(r"\d+(?:bis|ter|quater)?", parts[0]):
        parts.insert(0, None)
    if len(parts) > 2:
        raise RuleError(f"{state.file}:{number}: a citation has at most a paragraph and a point")
    if state.cites_closed:
        state.cites, state.cites_closed = [], False
    parts += [None] * (2 - len(parts))
    state.cites.append(CitationRef(instrument, article, parts[0], parts[1], line=number))


def _finish(pending: _Pending, stem: str, file: str) -> Rule:
    where = f"{file}:{pending.line}"
    tokens = _tokenize(pending.text, where)
    parser = _Parser(tokens, where)
    head, body = parser.rule()
    return Rule(f"{stem}/{pending.name}", head, body, pending.citations, file, pending.line)


def _tokenize(text: str, where: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise RuleError(f"{where}: cannot read {text[pos:pos + 20]!r}")
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], where: str) -> None:
        self.tokens, self.pos, self.where = tokens, 0, where

    def peek(self, offset: int = 0) -> tuple[str, str]:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if value is not None and token[1] != value:
            raise RuleError(f"{self.where}: expected {value!r}, found {token[1] or 'end of rule'!r}")
        self.pos += 1
        return token

    def rule(self) -> tuple[Atom, tuple[Literal, ...]]:
        if self.peek() == ("name", "not"):
            raise RuleError(f"{self.where}: a rule head cannot be negated")
        head = self.atom()
        body: list[Literal] = []
        if self.peek()[1] == ":-":
            self.take(":-")
            body.append(self.literal())
            while self.peek()[1] == ",":
                self.take(",")
                body.append(self.literal())
        self.take(".")
        if self.peek()[0] != "end":
            raise RuleError(f"{self.where}: text after the end of the rule: {self.peek()[1]!r}")
        return head, tuple(body)

    def literal(self) -> Literal:
        kind, value = self.peek()
        if kind == "name" and value == "not":
            self.take()
            atom = self.atom()
            return Atom(atom.pred, atom.args, negated=True)
        if kind == "name" and value[0].islower() and self.peek(1)[1] == "(":
            return self.atom()
        left = self.term()
        op = self.take()[1]
        if op == "=":
            if not isinstance(left, Var):
                raise RuleError(f"{self.where}: only a variable can be assigned with '='")
            value_term = self.term()
            if self.peek()[1] in ("+", "-"):
                arith = self.take()[1]
                return Assign(left, value_term, arith, self.term())
            return Assign(left, value_term)
        if op not in ("<", "<=", ">", ">=", "==", "!="):
            raise RuleError(f"{self.where}: expected a comparison operator, found {op!r}")
        return Compare(left, op, self.term())

    def atom(self) -> Atom:
        kind, name = self.take()
        if kind != "name" or not name[0].islower():
            raise RuleError(f"{self.where}: expected a predicate name, found {name!r}")
        self.take("(")
        args = [self.term()]
        while self.peek()[1] == ",":
            self.take(",")
            args.append(self.term())
        self.take(")")
        return Atom(name, tuple(args))

    def term(self) -> Term:
        kind, value = self.take()
        if kind == "string":
            return value[1:-1]
        if kind == "int":
            return int(value)
        if kind == "name":
            return Var(value) if value[0].isupper() or value[0] == "_" else value
        raise RuleError(f"{self.where}: expected a term, found {value or 'end of rule'!r}")
