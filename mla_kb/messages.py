"""The words of the interface in each language: headings, phrases of explanations,
month names. The law's own words (templates, labels) live in rules/ and ontology/."""

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Mapping

from .errors import InputError, shown

LANGUAGES = ("en", "fr", "nl")

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"],
}

TEXT = {
    "en": {
        "instrument": "Legal basis", "refusal_ground": "Grounds for refusal",
        "substitution": "Other measures", "obligation": "Obligations", "deadline": "Time limits",
        "channel": "Channels", "condition": "Conditions", "open_questions": "Open questions",
        "request": "Request from {requesting} to {requested}, received on {date}",
        "nothing": "No conclusion follows from the rules for this scenario.",
        "because": "because:", "unless": "unless these unknown facts turn out otherwise:",
        "shown_above": "shown above",
        "scenario": "scenario", "ontology": "ontology", "why": "Why", "true": "true", "false": "false",
        "no_end": "no end date", "not": "it is not the case that ", "days": "days", "is": "is",
        "period": "from {start} to {end}", "period_open": "from {start}, with no end date",
        "==": "{left} and {right} are the same", "!=": "{left} and {right} are not the same",
        "<": "{left} is before {right}", "<=": "{left} is on or before {right}",
        ">": "{left} is after {right}", ">=": "{left} is on or after {right}",
        "open_end": "{left} is before any end date: none is recorded", "says_otherwise": "says otherwise",
        "certainty_secondary": "read in a secondary source", "certainty_unverified": "not verified",
        "why_not": "Why not {conclusion}?", "it_follows": "It does follow:",
        "no_rule": "No rule concludes it.",
        "under": "Under {citation} (rule {rule}):", "holds": "holds:", "fails": "fails:",
        "left_open": "({fact}, which the scenario leaves open)",
        "stated_otherwise": "({fact}, which the scenario states otherwise)",
        "changes_title": "What would change {conclusion}?", "changes_now": "Now: it {outcome}.",
        "changes_if": "It {outcome} if:", "change": "- {field} were {to} (instead of {was})",
        "no_change": "No single change of one fact would change it.", "follows": "follows",
        "does_not_follow": "does not follow", "day_of_receipt": "the day of receipt",
        "open_question": "Whether this follows under {label} depends on facts the scenario"
                         " leaves open: {fields}.",
    },
    "fr": {
        "instrument": "Base juridique", "refusal_ground": "Motifs de refus",
        "substitution": "Autres mesures", "obligation": "Obligations", "deadline": "Délais",
        "channel": "Voies de transmission", "condition": "Conditions",
        "open_questions": "Questions ouvertes",
        "request": "Demande de {requesting} à {requested}, reçue le {date}",
        "nothing": "Aucune conclusion ne découle des règles pour ce scénario.",
        "because": "parce que :", "unless": "sauf si ces faits inconnus s'avèrent autres :",
        "shown_above": "voir plus haut",
        "scenario": "scénario", "ontology": "ontologie", "why": "Pourquoi", "true": "oui", "false": "non",
        "no_end": "sans date de fin", "not": "il n'est pas vrai que ", "days": "jours", "is": "est",
        "period": "du {start} au {end}", "period_open": "à partir du {start}, sans date de fin",
        "==": "{left} et {right} sont identiques", "!=": "{left} et {right} ne sont pas identiques",
        "<": "le {left} précède le {right}", "<=": "le {left} n'est pas postérieur au {right}",
        ">": "le {left} est postérieur au {right}", ">=": "le {left} n'est pas antérieur au {right}",
        "open_end": "le {left} précède toute date de fin : aucune n'est enregistrée",
        "says_otherwise": "en dispose autrement",
        "certainty_secondary": "lu dans une source secondaire", "certainty_unverified": "non vérifié",
        "why_not": "Pourquoi pas {conclusion} ?", "it_follows": "La conclusion découle bien :",
        "no_rule": "Aucune règle ne la tire.", "under": "Selon {citation} (règle {rule}) :",
        "holds": "conditions remplies :", "fails": "condition non remplie :",
        "left_open": "({fact}, que le scénario laisse ouvert)",
        "stated_otherwise": "({fact}, que le scénario indique autrement)",
        "changes_title": "Qu'est-ce qui changerait {conclusion} ?",
        "changes_now": "En l'état : la conclusion {outcome}.", "changes_if": "Elle {outcome} si :",
        "change": "- {field} valait {to} (au lieu de {was})",
        "no_change": "Aucun changement d'un seul fait ne la changerait.", "follows": "découle",
        "does_not_follow": "ne découle pas", "day_of_receipt": "le jour de réception",
        "open_question": "Selon {label}, la conclusion dépend de faits que le scénario laisse"
                         " ouverts : {fields}.",
    },
    "nl": {
        "instrument": "Rechtsgrondslag", "refusal_ground": "Weigeringsgronden",
        "substitution": "Andere maatregelen", "obligation": "Verplichtingen", "deadline": "Termijnen",
        "channel": "Toezendingswegen", "condition": "Voorwaarden", "open_questions": "Open vragen",
        "request": "Verzoek van {requesting} aan {requested}, ontvangen op {date}",
        "nothing": "Uit de regels volgt voor dit scenario geen conclusie.",
        "because": "omdat:", "unless": "tenzij deze onbekende feiten anders uitvallen:",
        "shown_above": "zie hierboven",
        "scenario": "scenario", "ontology": "ontologie", "why": "Waarom", "true": "ja", "false": "nee",
        "no_end": "geen einddatum", "not": "het volgende geldt niet: ", "days": "dagen", "is": "is",
        "period": "van {start} tot {end}", "period_open": "vanaf {start}, zonder einddatum",
        "==": "{left} en {right} zijn gelijk", "!=": "{left} en {right} verschillen",
        "<": "{left} ligt vóór {right}", "<=": "{left} ligt op of vóór {right}",
        ">": "{left} ligt na {right}", ">=": "{left} ligt op of na {right}",
        "open_end": "{left} ligt vóór elke einddatum: er is er geen vastgelegd",
        "says_otherwise": "iets anders zegt",
        "certainty_secondary": "gelezen in een secundaire bron", "certainty_unverified": "niet geverifieerd",
        "why_not": "Waarom niet {conclusion}?", "it_follows": "De conclusie volgt wel:",
        "no_rule": "Geen regel leidt tot deze conclusie.", "under": "Volgens {citation} (regel {rule}):",
        "holds": "vervuld:", "fails": "niet vervuld:",
        "left_open": "({fact}, dat het scenario open laat)",
        "stated_otherwise": "({fact}, waarover het scenario iets anders zegt)",
        "changes_title": "Wat zou {conclusion} veranderen?", "changes_now": "Nu: de conclusie {outcome}.",
        "changes_if": "Ze {outcome} als:", "change": "- {field} {to} was (in plaats van {was})",
        "no_change": "Geen verandering van één enkel feit zou haar veranderen.", "follows": "volgt",
        "does_not_follow": "volgt niet", "day_of_receipt": "de dag van ontvangst",
        "open_question": "Of dit volgt uit {label} hangt af van feiten die het scenario open"
                         " laat: {fields}.",
    },
}


def check_language(lang: str) -> None:
    """Refuse a language the interface does not speak, naming those it does."""
    if lang not in LANGUAGES:
        raise InputError(f"unknown language {shown(lang)}; accepted: {', '.join(LANGUAGES)}")


def text(lang: str, key: str, **values: str) -> str:
    return fill(TEXT[lang][key], values, lang)


def human_date(day: dt.date, lang: str = "en") -> str:
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{number} {MONTHS[lang][day.month - 1]} {day.year}"


class Phrase(str):
    """A value as it reads in a sentence: a name with its article ("the Netherlands", "les
    Pays-Bas") or a verb ("doit"), with what agreement needs: whether a name is plural, and
    a verb's plural form."""

    plural: bool
    plural_form: str | None

    def __new__(cls, text: str, plural: bool = False, plural_form: str | None = None) -> Phrase:
        phrase = super().__new__(cls, text)
        phrase.plural, phrase.plural_form = plural, plural_form
        return phrase


def fill(template: str, values: Mapping[str, object], lang: str) -> str:
    """A template filled in. `{name}` is the value; `{name:singular|plural}` the form that
    agrees with the name's number; `{verb:name}` the verb, agreeing with the name. In French,
    "de le" reads "du" (so "des", "au", "aux"), and "de" and "que" elide before a vowel."""
    fields, agreeing = _fields(template)
    if lang != "fr" and not agreeing:
        return template.format_map(values)  # nothing to agree or contract: as str.format
    out = ""
    for literal, field, spec in fields:
        out += literal
        if field is None:
            continue
        value = values[field]
        if not spec:
            out = join(lang, out, str(value))
        elif "|" in spec:
            singular, plural = spec.split("|")
            out += plural if getattr(value, "plural", False) else singular
        else:
            agrees = getattr(values[spec], "plural", False) and getattr(value, "plural_form", None)
            out += agrees or str(value)
    return out


def join(lang: str, before: str, after: str) -> str:
    """Two pieces of a sentence, one after the other (in French, contracted where they meet)."""
    return _french_join(before, after) if lang == "fr" else before + after


@functools.cache
def _fields(template: str) -> tuple[tuple[tuple[str, str | None, str], ...], bool]:
    """The template's literal text and fields, parsed once, and whether any field agrees."""
    fields = string.Formatter().parse(template)
    parsed = tuple((literal, field, spec or "") for literal, field, spec, _ in fields)
    return parsed, any(spec for _, _, spec in parsed)


_CONTRACTED = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}
_ELIDED = ("de", "que")
_VOWELS = "aeiouyàâéèêëîïôöùûüAEIOUYÀÂÉÈÊÎÔÙÛ"


def _french_join(before: str, value: str) -> str:
    """`before` followed by `value`, contracting or eliding the word where they meet."""
    if not before.endswith(" "):
        return before + value
    word = before[:-1].rsplit(" ", 1)[-1]
    start = before[: len(before) - len(word) - 1]
    article, _, rest = value.partition(" ")
    contracted = _CONTRACTED.get((word.lower(), article))
    if contracted and rest:
        return start + (contracted.capitalize() if word[0].isupper() else contracted) + " " + rest
    if word.lower() in _ELIDED and value[:1] in _VOWELS:
        return start + word[:-1] + "'" + value
    return before + value
