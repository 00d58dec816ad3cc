"""Rule files: the parser reads the annotated-statute format, and the lint refuses
every kind of broken rule, naming its file and line."""

import pytest

from mla_kb.errors import RuleError
from mla_kb.lint import lint
from mla_kb.rules import Assign, Atom, Compare, Var, parse_rule_text

CITE = """@cite TCA Art LAW.MUTAS.120(1)
> no later than 45 days after the receipt of the request
"""


def test_a_rule_stands_under_its_citation():
    [rule] = parse_rule_text(
        CITE + "decision: decision_due(R, Due) :- tca_applies(R), received_on(R, D),\n"
               "    not time_limits_disapplied(R), Due = D + 45.\n", "t.rules")
    assert rule.id == "t/decision" and rule.where == "t.rules:3"
    assert rule.head == Atom("decision_due", (Var("R"), Var("Due")))
    assert rule.body[2] == Atom("time_limits_disapplied", (Var("R"),), negated=True)
    assert rule.body[3] == Assign(Var("Due"), Var("D"), "+", 45)
    [cite] = rule.citations
    assert (cite.instrument, cite.article, cite.paragraph, cite.point) == (
        "TCA", "LAW.MUTAS.120", "1", None)
    assert cite.quote == "no later than 45 days after the receipt of the request"


def test_citations_carry_over_until_a_new_cite_group():
    rules = parse_rule_text(
        "@cite TCA Art LAW.MUTAS.119\n@cite TFEU Art 216(2)\n"
        "a: refusal(R, g, may_refuse) :- tca_applies(R).\n"
        "b: refusal(R, h, may_refuse) :- tca_applies(R).\n"
        "@cite TCA Art LAW.MUTAS.120(6)(a)\n"
        "c: time_limits_disapplied(R) :- tca_applies(R), \"x\" != \"y\".\n", "t.rules")
    assert [len(r.citations) for r in rules] == [2, 2, 1]
    assert rules[2].citations[0].point == "a"
    assert rules[2].body[1] == Compare("x", "!=", "y")


@pytest.mark.parametrize("text, message", [
    ("a: p(X) :- q(X)\n", "t.rules:1: rule 'a' does not end with '.'"),
    ("@cite TCA LAW.MUTAS.119\n", "t.rules:1: malformed citation"),
    ("> quoted\n", "t.rules:1: a quote (>) must follow an @cite line"),
    ("a: p(X) :- q(X) ; r(X).\n", "t.rules:1: cannot read"),
    ("a: p(X) :- q(X).\na: p(X) :- r(X).\n", "t.rules:2: rule name 'a' already used at line 1"),
    ("a: not p(X) :- q(X).\n", "t.rules:1: a rule head cannot be negated"),
    ("a: P(X) :- q(X).\n", "t.rules:1: expected a predicate name"),
    ("p(X) :- q(X).\n", "t.rules:1: expected '@cite'"),
    ("a: p(X) :- 3 = X.\n", "t.rules:1: only a variable can be assigned"),
])
def test_syntax_errors_name_file_and_line(text, message):
    with pytest.raises(RuleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_rule_text(text, "t.rules")


def test_the_rules_of_the_project_lint_clean(kb):
    assert lint(kb.rules, kb.vocabulary, kb.ontology) == []


@pytest.mark.parametrize("rule, problem", [
    ("x: tca_applies(R) :- requesting_state(R, _S).",
     "x.rules:1: rule 'x/x' has no citation"),
    ("@cite TCA Art LAW.MUTAS.999\nx: tca_applies(R) :- requesting_state(R, _S).",
     "x.rules:1: TCA Art LAW.MUTAS.999 is not a provision of the ontology"),
    ("@cite TCA Art LAW.MUTAS.119\n> may be granted\nx: tca_applies(R) :- requesting_state(R, _S).",
     "x.rules:1: the quote 'may be granted'... is not in the text of TCA Art LAW.MUTAS.119"),
    (CITE + "x: tca_applies(R) :- no_such_predicate(R).",
     "x.rules:3: predicate 'no_such_predicate' is used but never declared"),
    (CITE + "x: tca_applies(R) :- requesting_state(R).",
     "x.rules:3: requesting_state takes 2 arguments, not 1"),
    (CITE + "x: decision_due(R, Due) :- tca_applies(R).",
     "x.rules:3: head variable(s) Due are not bound by the body"),
    (CITE + "x: tca_applies(R) :- received_on(R, D), not decided_on(R, E), D < E.",
     "x.rules:3: variable(s) E of a negation are not bound"),
    (CITE + "x: tca_applies(R) :- received_on(R, D), D < Limit.",
     "x.rules:3: variable(s) Limit of a comparison are not bound"),
    (CITE + "x: tca_applies(R) :- requesting_state(R, State).",
     "x.rules:3: variable(s) State occur only once"),
    (CITE + "x: received_on(R, D) :- decided_on(R, D).",
     "x.rules:3: 'received_on' comes from the ontology or the scenario"),
    (CITE + "x: tca_applies(R) :- received_on(R, _D), not decided(R).\n"
            "y: decided(R) :- received_on(R, _D), not tca_applies(R).",
     "negation through a cycle is not allowed"),
])
def test_lint_finds_each_kind_of_broken_rule(kb, rule, problem):
    rules = kb.rules + parse_rule_text(rule + "\n", "x.rules")
    problems = lint(rules, kb.vocabulary, kb.ontology)
    assert any(problem in p for p in problems), problems


def test_a_predicate_declared_twice_is_an_error(tmp_path):
    from mla_kb.vocabulary import load_vocabulary

    path = tmp_path / "predicates.yaml"
    path.write_text("p:\n  args: {a: text}\n  says: x\np:\n  args: {a: text}\n  says: y\n")
    with pytest.raises(RuleError, match="predicates.yaml: line 4: 'p' is declared twice"):
        load_vocabulary(path)


@pytest.mark.parametrize("spec", [
    "  args: {request: request}\n  says: x\n  absent: true\n",
    "  args: {request: request, measure: measure}\n  says: x\n  scenario: measures\n  absent: true\n",
])
def test_a_fact_of_an_absent_field_needs_the_field_and_the_request_alone(tmp_path, spec):
    from mla_kb.vocabulary import load_vocabulary

    path = tmp_path / "predicates.yaml"
    path.write_text("p:\n" + spec)
    with pytest.raises(RuleError, match="'absent' needs a scenario field and the request"):
        load_vocabulary(path)


@pytest.mark.parametrize("says, accepted", [
    ("{s} {e:s} x", True),  # the verb agrees with the State
    ("{s} {s:is|are} x {e}", True),  # a form for each number
    ("{s} {e:t} x", False),  # agrees with no placeholder
])
def test_a_verb_agrees_with_a_placeholder_of_its_template(tmp_path, says, accepted):
    from mla_kb.vocabulary import load_vocabulary

    path = tmp_path / "predicates.yaml"
    path.write_text(f'p:\n  args: {{s: state, e: text}}\n  says: "{says}"\n')
    if accepted:
        assert load_vocabulary(path)["p"].says["en"] == says
    else:
        with pytest.raises(RuleError, match=r"a verb agrees with no placeholder of the template: \['t'\]"):
            load_vocabulary(path)


@pytest.mark.parametrize("args, says, unknown", [
    ("{s: state}", "{s} on {date}", None),  # the scenario's day
    ("{s: state, from: date, until: date}", "{s} {period}", None),  # a period of from and until
    ("{s: state}", "{s} {period}", "period"),  # no period without them
    ("{s: state}", "{s} and {t}", "t"),  # a misspelt argument
])
def test_a_template_names_only_its_arguments_and_the_scenario(tmp_path, args, says, unknown):
    from mla_kb.vocabulary import load_vocabulary

    path = tmp_path / "predicates.yaml"
    path.write_text(f'p:\n  args: {args}\n  says: "{says}"\n')
    if unknown is None:
        assert load_vocabulary(path)["p"].says["en"] == says
    else:
        with pytest.raises(RuleError, match=rf"template names \['{unknown}'\], neither an argument"):
            load_vocabulary(path)


def test_a_citation_tells_a_numbered_paragraph_from_a_point_under_the_article():
    def parts(ref: str) -> tuple:
        [rule] = parse_rule_text(f"@cite X Art {ref}\nr: p(R) :- q(R).\n", "t.rules")
        [cite] = rule.citations
        return cite.article, cite.paragraph, cite.point
    assert parts("1(1bis)(a)") == ("1", "1bis", "a")
    assert parts("9bis(2)") == ("9bis", "2", None)
    assert parts("17(c)") == ("17", None, "c")
    assert parts("694-33(4°)") == ("694-33", None, "4°")
