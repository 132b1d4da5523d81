"""Quotations (SPEC sections 3 and 5): finding them, who said them, and comparing wordings.

Finding works on the decoded text, paragraph by paragraph (a paragraph is a line): opening
and closing marks are paired, nested quotes stay inside the outer one, a quote broken by its
attribution (“...,” he said, “...”) gives one span per part, and a quote still open at the end
of its paragraph ends there (the next paragraph, if it reopens the quote, is another span
with the same speaker, as in newspaper style).

Comparing normalises both wordings as SPEC section 5 lists, then looks for the longest run
of words they share and checks that, where the two overlap, they agree word for word.
"""

from __future__ import annotations

import bisect
import difflib
import math
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from checks.extract.numbers import first_letter_alternation

# ---- finding quotations --------------------------------------------------------------------

DOUBLE_CLOSERS = {"“": "”", '"': '"', "«": "»", "„": "“”", "»": "«"}
SINGLE_CLOSERS = {"‘": "’", "'": "'", "‹": "›"}
OPENERS_BEFORE = " \t([{—–-/:;,"  # what may stand just before an opening mark
CLITIC = re.compile(r"(?:s|t|d|m|ll|re|ve)(?![\w\-‐’'])", re.IGNORECASE)  # 's 't 'd 'm 'll 're 've


@dataclass(frozen=True)
class QuoteSpan:
    """The words inside one pair of quotation marks (offsets exclude the marks)."""

    start: int
    end: int
    text: str
    speaker: str | None
    paragraph: int


# A quotation found in a paragraph: (start, end, paragraph, continues the previous one).
_RawQuote = tuple[int, int, int, bool]


@dataclass
class _Open:
    mark: str
    start: int  # offset of the first character inside the marks


def find_quotes(text: str) -> list[QuoteSpan]:
    """Every quotation in ``text``, in order, each with its attributed speaker or None."""
    raw: list[_RawQuote] = []
    # Most lines hold no quotation mark at all: only those that do are read closely.
    marks = [found.start() for found in QUOTE_MARK.finditer(text)]
    if not marks:
        return []
    offset = 0
    number = -1  # paragraphs are the non-blank lines
    for line in text.splitlines(keepends=True):
        if line.strip():
            number += 1
        following = bisect.bisect_left(marks, offset)
        if following < len(marks) and marks[following] < offset + len(line):
            for start, end, reopened in _quotes_in_paragraph(line):
                raw.append((offset + start, offset + end, number, reopened))
        offset += len(line)
    if not raw:
        return []
    return _attribute(text, raw)


QUOTE_MARK = re.compile(r"[“”\"«»„‘’'‹›]")
# The elided "and" of "rock 'n' roll", "fish ’n’ chips": a word, not a quotation.
# (The mark comes first and the space before it is checked behind it: a pattern that starts
# with a character class lets the regex engine skip to the marks.)
ELIDED_N = re.compile(r"['’](?<!\S['’])n['’](?!\S)")


def _quotes_in_paragraph(line: str) -> list[tuple[int, int, bool]]:
    """(start, end, starts the paragraph) of each quotation in one line.

    Only the quotation marks are visited (a regex finds them): the text between is skipped.
    """
    spans: list[tuple[int, int, bool]] = []
    current: _Open | None = None
    length = len(line.rstrip("\r\n"))
    skip: set[int] = set()
    for elided in ELIDED_N.finditer(line, 0, length):
        skip.update((elided.start(), elided.end() - 1))
    for found in QUOTE_MARK.finditer(line, 0, length):
        index = found.start()
        if index in skip:
            continue
        char = line[index]
        before = line[index - 1] if index else " "
        after = line[index + 1] if index + 1 < length else " "
        if current is None:
            if _opens(char, before, after, line[index + 1 : index + 4]):
                current = _Open(char, index + 1)
            continue
        if _closes(current.mark, char, before, after):
            if index > current.start:
                spans.append((current.start, index, False))
            current = None
        elif char in "“«„" and current.mark in "“«„":
            # A new opening mark inside an open double quote: the first one was never closed.
            if index > current.start:
                spans.append((current.start, index, False))
            current = _Open(char, index + 1)
    if current is not None and length > current.start and current.mark in DOUBLE_CLOSERS:
        # Only double quotes run on to the end of a paragraph; an unclosed single mark is far
        # more often an apostrophe ('90s, ’em) than a quotation.
        spans.append((current.start, length, False))
    spans = [_trimmed(line, s) for s in spans if line[s[0] : s[1]].strip()]
    if spans and _starts_with_open_mark(line):
        spans[0] = (spans[0][0], spans[0][1], True)
    return spans


def _trimmed(line: str, span: tuple[int, int, bool]) -> tuple[int, int, bool]:
    """Spaces just inside the marks (French « text ») are not part of the quotation."""
    start, end, reopened = span
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end, reopened


def _starts_with_open_mark(line: str) -> bool:
    stripped = line.lstrip()
    return bool(stripped) and stripped[0] in '“"«„‘»'


def _opens(char: str, before: str, after: str, rest: str) -> bool:
    if char in "“„":
        return not after.isspace()
    if char == "«":
        return True  # never an apostrophe; French spacing puts a space inside
    if char == "»":
        # German order (»Text«): opens before a word, after a space or at the line's start.
        return (before.isspace() or before in OPENERS_BEFORE) and after.isalnum()
    if char == '"':
        return (before.isspace() or before in OPENERS_BEFORE) and not after.isspace()
    if char in "‘‹":
        return (before.isspace() or before in OPENERS_BEFORE + '“"') and after.isalnum()
    if char == "'":
        # An apostrophe stands after a letter (don't, allies'); a quote opens after a space,
        # unless the text was tokenised with a space before a clitic ("Ukraine 's war").
        return (
            (before.isspace() or before in OPENERS_BEFORE)
            and after.isalpha()
            and not CLITIC.match(rest)
        )
    return False


def _closes(mark: str, char: str, before: str, after: str) -> bool:
    closers = DOUBLE_CLOSERS.get(mark) or SINGLE_CLOSERS.get(mark, "")
    if char not in closers:
        return False
    if mark in SINGLE_CLOSERS:
        # ’ followed by a letter is an apostrophe (Ukraine’s, don’t), not the end of a quote.
        return not after.isalnum()
    if char == '"':
        return not before.isspace() or after.isspace() or after in ".,;:!?)"
    return True


# ---- attribution ---------------------------------------------------------------------------

SPEECH_VERBS = (
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "warned",
    "warns",
    "insisted",
    "insists",
    "argued",
    "argues",
    "wrote",
    "writes",
    "declared",
    "declares",
    "explained",
    "explains",
    "noted",
    "notes",
    "stressed",
    "stresses",
    "urged",
    "urges",
    "asked",
    "asks",
    "replied",
    "replies",
    "continued",
    "announced",
    "announces",
    "claimed",
    "claims",
    "posted",
    "tweeted",
    "remarked",
    "acknowledged",
    "emphasised",
    "emphasized",
    "cautioned",
    "concluded",
    "admitted",
    "recalled",
    "suggested",
    "vowed",
    "promised",
    "predicted",
    "complained",
    "conceded",
    "countered",
    "quipped",
    "joked",
    "observed",
    "reiterated",
    "underlined",
    "underscored",
    "responded",
    "answered",
    "spoke",
    "speaking",
    "saying",
    "telling",
    "adding",
    "warning",
    "insisting",
    "declaring",
    "urging",
    "telling",
    "confirmed",
    "confirms",
    "agreed",
    "pledged",
    "demanded",
    "reported",
    "reports",
    "disclosed",
    "predicts",
)
VERB = r"(?:" + "|".join(sorted(set(SPEECH_VERBS), key=len, reverse=True)) + r")"
NAME_WORD = r"(?:Mr|Mrs|Ms|Dr|St)\.?|[A-Z][\w'’\-.]*\w|[A-Z]"
NAME = rf"(?:{NAME_WORD})(?:\s+(?:(?:de|del|da|di|van|von|der|bin|al|la|le)\s+)?(?:{NAME_WORD})){{0,5}}"
DETERMINERS = r"(?:the|a|an|one|another|his|her|their)"
# Words that end a role phrase after the verb: "said the interior minister on Friday".
ROLE_STOP = (
    r"(?:on|in|at|after|before|during|to|for|with|who|when|as|and|while|from|that|"
    r"this|last|late|early|earlier|later|yesterday|today|but|if|because|since)"
)
ROLE = rf"{DETERMINERS}\s+[\w'’\-.]+(?:\s+(?!{ROLE_STOP}\b)[\w'’\-.]+){{0,5}}"
ROLE_LAZY = rf"{DETERMINERS}\s+(?:[\w'’\-.]+\s+){{0,4}}?[\w'’\-.]+"
# Lower-case words before a name: "committee chair Meg Hollis", "union leader Jo Baptiste".
PREMOD = (
    r"(?:(?!(?:and|but|or|then|also|as|so|yet|now|still|that|which|who|when|while|if|"
    r"because|said|says|told|of|in|on|at|to|by|for|with|from)\b)[a-z][\w'’\-]*\s+){1,3}"
)
# A name followed by its role, no article: "Kyiv mayor says", "Pentagon officials said".
HEADED = rf"{NAME}(?:\s+(?!(?:also|has|had|was|is)\b)[a-z][\w'’\-]*){{1,2}}"
PRONOUNS = ("he", "she")
# Adverbs and auxiliaries between a speaker and the verb: "also said", "has repeatedly said".
ADVERB = (
    r"(?:(?:\w+ly|also|then|later|earlier|further|again|previously|once|even|just|has|"
    r"had|have|would|will|was|is|were)\s+){0,3}"
)
APPOSITIVE = r"(?:,\s(?P<appos>[^,“”\"]{1,120}),)?"
# Verbs that report speech only when no infinitive follows: "agreed to hold", "vowed to fight".
CONTROL_VERBS = {
    "agreed",
    "promised",
    "vowed",
    "pledged",
    "demanded",
    "claimed",
    "continued",
    "asked",
    "urged",
    "declared",
    "announced",
    "warned",
}
PARTICIPLES = (
    r"(?:saying|adding|telling|warning|insisting|declaring|urging|arguing|noting|"
    r"writing|calling|stressing|explaining)"
)

# A lower-case title between a qualifier and a name: "Information minister Mohammed".
LOWER_TITLE = (
    r"(?:minister|secretary|spokesman|spokeswoman|spokesperson|chief|president|"
    r"governor|mayor|ambassador|envoy|commander|director|chairman|chairwoman|chair|"
    r"leader|official|general|senator|premier|chancellor)"
)

# After a quotation: “...,” he said / Hegseth said / said Hegseth / according to Hegseth.
AFTER_SUBJECT_VERB = re.compile(
    rf"^[\s,.!?;:—–-]*(?P<who>{NAME}|he|she|{PREMOD}{NAME}|{HEADED}|"
    rf"[Tt]he\s+[\w\s'’\-.]{{1,60}}?){APPOSITIVE}\s+{ADVERB}(?P<verb>{VERB})\b"
)
AFTER_VERB_SUBJECT = re.compile(
    rf"^[\s,.!?;:—–-]*{ADVERB}(?P<verb>{VERB})\s+{ADVERB}"
    rf"(?P<who>{ROLE}|(?:{PREMOD})?{NAME}(?:\s+{NAME})?)"
)
AFTER_ACCORDING = re.compile(r"^[\s,.!?;:—–-]*according\s+to\s+(?P<who>[^,.;:!?“”\"()]{2,80})")
# At the end of the sentence: "..., ‘not realistic’ and ..., Hegseth says", possibly followed
# by one more clause: "..., the agency’s director Amir Haddad has said, as talks opened".
AFTER_TAIL = re.compile(
    rf",\s+(?P<who>{NAME}|he|she|{ROLE_LAZY}|{PREMOD}{NAME})\s+{ADVERB}(?P<verb>{VERB})"
    rf"(?:,[^“”\"‘]*)?\s*[.!?]?\s*$"
)
# Before a quotation: Hegseth said: “...” / he told reporters that “...” / Hegseth: “...”.
BEFORE_SUBJECT_VERB = re.compile(
    rf"(?P<who>(?<![\w'’-])(?:[Tt]he\s+)?{NAME}|\b[Hh]e|\b[Ss]he){APPOSITIVE}\s+{ADVERB}"
    rf"(?P<verb>{VERB})\b"
)
BEFORE_COLON = re.compile(rf"(?:^|[\s(])(?P<who>{NAME}):\s*$")
BEFORE_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+(?P<who>[^,.;:!?“”\"()]{2,80}),\s*$")
# "According to the ministry, the strikes were “precise”": anywhere earlier in the sentence.
BEFORE_ACCORDING_LEAD = re.compile(
    r"(?:^|[\s(])[Aa]ccording\s+to\s+(?P<who>[^,.;:!?“”\"()]{2,80}),"
)
# The subject of the sentence speaks through a participle: "Okafor hit back, saying “...”".
BEFORE_PARTICIPLE = re.compile(
    rf"^\s*(?P<who>(?:[Tt]he\s+)?(?:{NAME}\s+{LOWER_TITLE}\s+)?{NAME}|[Hh]e|[Ss]he)\b"
    rf"[^“”\"]*?,\s+{ADVERB}{PARTICIPLES}\b"
)
# A headline or interview line led by a name: "Pete Hegseth: Return to borders ‘unrealistic’".
BEFORE_LEAD_COLON = re.compile(rf"^\s*(?P<who>{NAME}):\s")
# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "gen",
    "sen",
    "rep",
    "gov",
    "col",
    "lt",
    "sgt",
    "capt",
    "prof",
    "jr",
    "sr",
    "adm",
    "maj",
    "cpl",
    "rev",
    "no",
    "vs",
    "u.s",
    "u.k",
}

# Capitalised words that start a sentence or name a time rather than a person.
NOT_NAMES = {
    "the",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "then",
    "now",
    "still",
    "also",
    "in",
    "on",
    "at",
    "for",
    "from",
    "by",
    "with",
    "after",
    "before",
    "when",
    "while",
    "as",
    "if",
    "though",
    "although",
    "because",
    "since",
    "during",
    "speaking",
    "asked",
    "later",
    "earlier",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tonight",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "it",
    "this",
    "that",
    "there",
    "they",
    "we",
    "i",
    "you",
    "he",
    "she",
    "his",
    "her",
    "their",
    "our",
    "its",
    "here",
}
# Titles and roles: shared by many people, so they never tell two speakers apart.
TITLE_WORDS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "general",
    "gen",
    "admiral",
    "adm",
    "colonel",
    "col",
    "chief",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "mayor",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "deputy",
    "foreign",
    "defence",
    "defense",
    "state",
    "home",
    "finance",
    "us",
    "uk",
    "eu",
    "un",
    "u.s.",
    "u.k.",
    "former",
    "acting",
    "new",
    "top",
    "head",
    "director",
    "commander",
    "officer",
    "official",
    "leader",
    "counterpart",
    "envoy",
    "premier",
    "correspondent",
    "editor",
    "reporter",
    "analyst",
    "professor",
}
# Titles that, before a name, say the name is a person's (for a pronoun's antecedent).
PERSON_TITLES = TITLE_WORDS | {
    "councillor",
    "councilman",
    "councilwoman",
    "councilor",
    "alderman",
    "judge",
    "justice",
    "sheriff",
    "inspector",
    "captain",
    "capt",
    "sergeant",
    "sgt",
    "lieutenant",
    "lt",
    "bishop",
    "rabbi",
    "imam",
    "coach",
    "chairman",
    "chairwoman",
}
SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z“\"‘(])|[\r\n]")


def _attribute(text: str, raw: list[_RawQuote]) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    # (offset, name, paragraph) of everyone named as speaking, for pronouns: scanning the
    # whole text for them is costly, so it is done only once a pronoun needs it; until then
    # the speakers given to quotes are kept aside and merged in as ``insort`` would have.
    named: list[tuple[int, str, int]] | None = None
    attributed: list[tuple[int, str, int]] = []
    people: _People | None = None  # made once a pronoun needs it
    for position, (start, end, paragraph, reopened) in enumerate(raw):
        previous = spans[-1] if spans else None
        speaker, pronoun = _speaker_after(text, end, raw, position)
        if speaker is None:
            # "Hegseth said: “...,” he added": the pronoun after refers to the name before.
            before, before_pronoun = _speaker_before(text, start, raw, position)
            if before is not None or not pronoun:
                speaker, pronoun = before, before_pronoun
        if pronoun:
            if named is None:
                named = _named_speakers(text)
                for item in attributed:
                    bisect.insort(named, item)
            last = _last_named(named, start, paragraph)
            # SPEC 4: the nearest person named before, speaking or not ("Councillor Ortega
            # was blunt. “...,” she said." is Ortega's, whoever spoke before her).
            if people is None:
                people = _People(text)
            subject = _subject_before(text, start, last[0] if last else -1, people)
            speaker = subject or (last[1] if last else None)
        if speaker is None and previous is not None and previous.speaker is not None:
            # Continuation: a later quote in the same paragraph, or a paragraph that reopens
            # a quote left open, is by the same speaker unless told otherwise.
            same_paragraph = previous.paragraph == paragraph
            # A paragraph that opens with an unattributed quotation right after an attributed
            # one goes on with the same voice (wire style), closed or not.
            gap = paragraph - previous.paragraph
            continues = reopened and (gap == 1 or _left_open(text, previous) and gap <= 2)
            if same_paragraph or continues:
                speaker = previous.speaker
        if speaker is not None and _is_named(speaker):
            if named is None:
                attributed.append((start, speaker, paragraph))
            else:
                bisect.insort(named, (start, speaker, paragraph))
        spans.append(QuoteSpan(start, end, text[start:end], speaker, paragraph))
    return _back_fill_open_quotes(text, spans, raw)


def _back_fill_open_quotes(
    text: str, spans: list[QuoteSpan], raw: list[_RawQuote]
) -> list[QuoteSpan]:
    """A quote running over paragraphs may be attributed only in its last part."""
    for index in range(len(spans) - 2, -1, -1):
        span, following = spans[index], spans[index + 1]
        if (
            span.speaker is None
            and following.speaker is not None
            and raw[index + 1][3]
            and _left_open(text, span)
            and following.paragraph - span.paragraph <= 2
        ):
            spans[index] = QuoteSpan(
                span.start, span.end, span.text, following.speaker, span.paragraph
            )
    return spans


def _named_speakers(text: str) -> list[tuple[int, str, int]]:
    """Everyone the text has say something ("Hegseth told reporters"), with where."""
    found = []
    paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n(?=[^\S\n]*\S)", text)]
    for low, high in _speaker_windows(text):
        for match in BEFORE_SUBJECT_VERB.finditer(text, low, high):
            if not _reports_speech(match, text):
                continue
            who, pronoun = _who_of(match)
            if who is not None and not pronoun and _is_named(who):
                paragraph = bisect.bisect_right(paragraph_starts, match.start()) - 1
                found.append((match.start(), who, paragraph))
    return found


# BEFORE_SUBJECT_VERB tries a speaker at every capitalised word of a text, which is slow; it
# only ever matches before a speech verb, so it is run in windows around those. Before its
# verb a match holds a speaker, adverbs and spaces, made of these characters only, with a
# full stop before a space only after a title ("Mr. Ruiz"), not at a sentence end ...
# (two patterns, each led by what the regex engine can skip to quickly)
_NOT_IN_PHRASE = re.compile(r"[^\w'’\-.\s]")
_SENTENCE_STOP = re.compile(r"\.(?<!Mr\.)(?<!Mrs\.)(?<!Ms\.)(?<!Dr\.)(?<!St\.)(?=\s)")
# ... and perhaps an appositive: a comma, a space, at most 120 characters, a comma.
APPOSITIVE_REACH = 122
# The verb follows a space (ADVERB ends with one), so no candidate hides inside another.
_VERB_AFTER_SPACE = re.compile(
    rf"\s(?P<verb>{first_letter_alternation(sorted(set(SPEECH_VERBS)))})"
)
_WORD_REST = re.compile(r"\w*")


def _speaker_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` that hold every BEFORE_SUBJECT_VERB match, in order.

    Each runs from the furthest a match with that verb could start (back over phrase
    characters, and over one appositive) to the end of the verb's word, so that ``\\b``
    there reads as in the whole text; overlapping stretches are merged, so a match never
    spans two and scanning them finds what scanning the whole text finds.
    """
    stops = sorted(
        [found.start() for found in _NOT_IN_PHRASE.finditer(text)]
        + [found.start() for found in _SENTENCE_STOP.finditer(text)]
    )

    def phrase_start(position: int) -> int:
        before = bisect.bisect_left(stops, position) - 1
        return stops[before] + 1 if before >= 0 else 0

    windows: list[tuple[int, int]] = []
    for verb in _VERB_AFTER_SPACE.finditer(text):
        low = phrase_start(verb.start("verb"))
        if low > 0 and text[low - 1] == ",":  # the comma closing an appositive
            opening = text.rfind(",", max(0, low - 1 - APPOSITIVE_REACH), low - 1)
            if opening >= 0:
                low = phrase_start(opening)
        rest = _WORD_REST.match(text, verb.end())
        assert rest is not None  # (\w* matches anywhere)
        high = rest.end()
        windows.append((low, high))
    windows.sort()
    merged: list[tuple[int, int]] = []
    for low, high in windows:
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _reports_speech(match: re.Match, text: str) -> bool:
    """ "agreed to hold talks" reports a decision, not words: an infinitive after the verb."""
    if match.group("verb") not in CONTROL_VERBS:
        return True
    return not re.match(r"\s+to\s+[a-z]", text[match.end() : match.end() + 40]) or bool(
        re.match(
            r"\s+to\s+(?:the|a|an|his|her|their|its|our|reporters|journalists)\b",
            text[match.end() : match.end() + 40],
        )
    )


_SERVED = re.compile(r"\b(?:for|of|to)\s+$")


def _who_of(match: re.Match) -> tuple[str | None, bool]:
    """The speaker of a match: a role with a named appositive is that name ("the minister,
    Ana Ruiz, said")."""
    who = _who(match.group("who"))
    appositive = match.groupdict().get("appos")
    # "a spokesperson for Buhari, Garba Shehu, said": the name after a preposition is whom
    # the role serves; the appositive names the speaker.
    start = match.start("who")  # (match.string may be the whole source: look back a little)
    served = bool(_SERVED.search(match.string[max(0, start - 8) : start]))
    if appositive and who[0] is not None and (served or not _is_named(who[0])):
        named = _who(appositive)
        if (
            named[0] is not None
            and _is_named(named[0])
            and not re.search(r"\b(?:said|says|told)\b", appositive)
        ):
            return named
    return who


def _left_open(text: str, span: QuoteSpan) -> bool:
    """Did the quote run to the end of its paragraph with no closing mark?"""
    rest = text[span.end : span.end + 2]
    return not rest or rest[0] in "\r\n"


def _sentence_rest(window: str) -> str:
    """``window`` up to the end of its sentence (a full stop after "Ms" or "Gen" is not one)."""
    for stop in re.finditer(r"(?<=[a-z)])[.!?](?:\s|$)", window):
        word = _word_before(window, stop.start())
        if stop.group()[0] == "." and word and word.lower() in ABBREVIATIONS:
            continue
        return window[: stop.start() + 1]
    return window


def _speaker_after(
    text: str, end: int, raw: list[_RawQuote], position: int
) -> tuple[str | None, bool]:
    limit = raw[position + 1][0] - 1 if position + 1 < len(raw) else len(text)
    window = text[end + 1 : min(limit, end + 200)]
    window = _sentence_rest(re.split(r"[\r\n]", window, maxsplit=1)[0])
    for pattern in (AFTER_ACCORDING, AFTER_VERB_SUBJECT, AFTER_SUBJECT_VERB):
        match = pattern.match(window)
        if match and ("verb" not in match.groupdict() or _reports_speech(match, window)):
            return _who_of(match)
    if not re.search(r"[“\"‘]", window):
        match = AFTER_TAIL.search(window)
        if match:
            return _who_of(match)
    return None, False


def _speaker_before(
    text: str, start: int, raw: list[_RawQuote], position: int
) -> tuple[str | None, bool]:
    floor = raw[position - 1][1] + 1 if position else 0
    window_start = max(floor, start - 300)
    window = text[window_start : start - 1]
    window = re.split(r"[\r\n]", window)[-1]
    ends = [m for m in SENTENCE_END.finditer(window) if not _abbreviation_before(window, m.start())]
    if ends:
        window = window[ends[-1].end() :]
    for pattern in (BEFORE_ACCORDING, BEFORE_COLON, BEFORE_LEAD_COLON):
        match = pattern.search(window)
        if match and not _dateline(match.group("who"), window):
            return _who(match.group("who"))
    matches = [m for m in BEFORE_SUBJECT_VERB.finditer(window) if _reports_speech(m, window)]
    for match in reversed(matches):
        who = _who_of(match)
        if who != (None, False):
            return who
    for pattern in (BEFORE_PARTICIPLE, BEFORE_ACCORDING_LEAD):
        match = pattern.search(window)
        if match:
            return _who(match.group("who"))
    return None, False


def _abbreviation_before(window: str, index: int) -> bool:
    if window[index] != ".":
        return False
    word = _word_before(window, index)
    return bool(word) and word.lower() in ABBREVIATIONS


def _word_before(window: str, index: int) -> str:
    """The word characters and dots just before ``index`` ("Gen", "U.S"), as ``[\\w.]+$``
    finds in ``window[:index]`` (which holds no line break), but read backwards from
    ``index``: the regex would try every position of the window before it."""
    start = index
    while start > 0 and (window[start - 1].isalnum() or window[start - 1] in "_."):
        start -= 1
    return window[start:index]


def _dateline(who: str, window: str) -> bool:
    """ "WASHINGTON: The central bank...": a place in capitals before a colon, not a speaker."""
    letters = [c for c in who if c.isalpha()]
    rest = window[window.find(who) + len(who) :]
    return len(letters) > 1 and who.isupper() and not rest.isupper()


def _who(phrase: str) -> tuple[str | None, bool]:
    """A speaker phrase cleaned up; (None, True) for a pronoun to resolve."""
    phrase = " ".join(phrase.split()).strip(" ,.")
    if phrase.lower() in PRONOUNS:
        return None, True
    words = phrase.split()
    if words and words[0].lower() in ("the", "a", "an", "one", "another", "his", "her", "their"):
        return phrase, False  # a role ("the Pentagon chief"): kept as written
    while words and words[0].lower().strip(".") in NOT_NAMES:
        words = words[1:]
    # "Information minister Mohammed" is Mohammed: what stands before a lower-case title
    # says which minister, it is not the person's name (SPEC 4).
    titles = [i for i, w in enumerate(words[:-1]) if w.islower() and w in TITLE_WORDS]
    if titles and all(w[:1].isupper() for w in words[titles[-1] + 1 :]):
        words = words[titles[-1] + 1 :]
    if not words:
        return None, False
    return " ".join(words), False


def _last_named(
    named: list[tuple[int, str, int]], start: int, paragraph: int
) -> tuple[int, str] | None:
    """A pronoun's speaker: the last named speaker, if named in this or the previous
    paragraph, with where."""
    for offset, name, where in reversed(named):
        if offset < start and paragraph - where <= 1:
            return offset, name
        if offset < start:
            return None
    return None


# A sentence that opens with a person's name as its subject: "Councillor Ortega was blunt."
SUBJECT_OPENING = re.compile(
    r"(?P<who>(?:[A-Z][\w'’\-.]*\s+){0,3}[A-Z][\w'’\-]+)\s+(?:[a-z]+\s+)?"
    r"(?:was|is|were|had|has|did|does|[a-z]{3,}ed|[a-z]{3,}s)\b"
)
# How far back, within its paragraph, a quotation's pronoun looks for a named subject.
SUBJECT_REACH = 400


def _subject_before(text: str, start: int, floor: int, people: _People) -> str | None:
    """The person a sentence before the quotation (in its paragraph, after ``floor``) opens
    with as its subject, the nearest first; None when there is none."""
    paragraph_start = max(text.rfind("\n", 0, start) + 1, start - SUBJECT_REACH, floor + 1)
    window = text[paragraph_start:start]
    openings = [0] + [
        m.end()
        for m in SENTENCE_END.finditer(window)
        if not _abbreviation_before(window, m.start())
    ]
    for opening in reversed(openings):
        match = SUBJECT_OPENING.match(
            window, opening + len(window[opening:]) - len(window[opening:].lstrip())
        )
        if match and people.a_person(match.group("who"), paragraph_start + match.start()):
            who, pronoun = _who(match.group("who"))
            if who is not None and not pronoun and _is_named(who):
                return who
    return None


class _People:
    """Where each capitalised word of a text stands after a capitalised word ("Rosa
    Ortega") and where alone ("Ortega said"), found in one pass: how the text names its
    people, to tell them from organisations ("White House", "Reuters")."""

    CAPITALISED = re.compile(r"[A-Z][\w'’\-]+")

    def __init__(self, text: str) -> None:
        self.with_first: dict[str, int] = {}  # word -> first offset after a first name
        self.alone: dict[str, list[int]] = {}  # word -> offsets where it stands alone
        previous_end = -2
        for match in self.CAPITALISED.finditer(text):
            word = match.group()
            if match.start() == previous_end + 1 and text[previous_end] == " ":
                self.with_first.setdefault(word, match.start())
            else:
                self.alone.setdefault(word, []).append(match.start())
            previous_end = match.end()

    def a_person(self, phrase: str, at: int) -> bool:
        """Whether a subject phrase standing at ``at`` names a person: a title before a
        name, a surname the text gave earlier with a first name, or a full name whose
        surname the text also uses alone (news names people again by surname, not
        organisations: "Jean-Pierre said" but not "House said")."""
        words = phrase.split()
        first = words[0].lower().strip(".")
        if first in PERSON_TITLES or first in NOT_NAMES:
            return len(words) > 1
        if len(words) == 1:
            return self.with_first.get(words[0], at) < at
        surname = words[-1]
        return first not in ("the", "a", "an") and any(
            not at <= offset < at + len(phrase) for offset in self.alone.get(surname, ())
        )


def _is_named(speaker: str) -> bool:
    return bool(_distinguishing_words(speaker))


@lru_cache(maxsize=20_000)
def _distinguishing_words(speaker: str) -> frozenset[str]:
    """The proper-name words of a speaker phrase, titles and roles left out.

    A phrase whose head (its last word) is a title or a common noun names a role, not a
    person: "the defence secretary", "Ukrainian President", "Kyiv mayor".
    """
    # Cached: the same few speakers are looked at for every quote of a text (and the
    # result is frozen, so that no caller can change the cached value).
    words = re.findall(r"[\w'’.\-]+", speaker)
    if not words:
        return frozenset()
    head = words[-1].lower().strip(".")
    if head in TITLE_WORDS or not words[-1][:1].isupper():
        return frozenset()
    return frozenset(
        _plain(w)
        for w in words
        if w[:1].isupper()
        and w.lower().strip(".") not in TITLE_WORDS
        and w.lower() not in NOT_NAMES
    )


def _plain(word: str) -> str:
    """A name word without case, accents or trailing dots (Noël -> noel)."""
    decomposed = unicodedata.normalize("NFKD", word.lower().strip("."))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _one_edit(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    for i in range(len(a)):
        if a[i] != b[i]:
            return a[i + 1 :] == b[i + 1 :] if len(a) == len(b) else a[i:] == b[i + 1 :]
    return True


@lru_cache(maxsize=65_536)
def named_as(said_by: str | None, speaker: str | None, aliases: tuple[str, ...] = ()) -> bool:
    """Does the source name the fact's speaker (a proper name, not a role or no one)?"""
    return bool(
        said_by and speaker and _is_named(said_by) and same_speaker(said_by, speaker, aliases)
    )


def same_speaker(said_by: str, speaker: str, aliases: tuple[str, ...] = ()) -> bool:
    """Can ``said_by`` (from the source) be ``speaker`` (from the fact)?

    Only a source speaker with a proper name that matches none of the fact speaker's names
    counts as someone else: a role ("the minister") or a bare title cannot be told apart.
    """
    source = " ".join(said_by.lower().split())
    candidates = [speaker, *aliases]
    for name in candidates:
        name_words = " ".join(name.lower().split())
        if name_words and (
            f" {name_words} " in f" {source} " or f" {source} " in f" {name_words} "
        ):
            return True
    distinguishing = _distinguishing_words(said_by)
    if not distinguishing:
        return True
    known: set[str] = set()
    for name in candidates:
        known |= _distinguishing_words(name)
    # Spellings that differ (Zelensky, Zelenskyy) are told apart unless `names` joins them:
    # "Carlson" and "Carlsen" are two people.
    return bool(distinguishing & known)


# ---- comparing wordings ----------------------------------------------------------------------

GAP = "…"  # an ellipsis or an editorial insertion: words may be missing here
STOPWORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "by",
    "with",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "it",
    "its",
    "that",
    "this",
    "we",
    "i",
    "you",
    "he",
    "she",
    "they",
    "as",
    "not",
    "will",
    "would",
    "there",
    "have",
    "has",
    "our",
    "their",
    "from",
    "so",
    "do",
    "all",
    "any",
    "if",
    "what",
    "which",
    "who",
    "us",
    "me",
    "them",
}
SPELLING_WORDS = {
    "grey": "gray",
    "tyre": "tire",
    "tyres": "tires",
    "plough": "plow",
    "cheque": "check",
    "draught": "draft",
    "mould": "mold",
    "sceptic": "skeptic",
    "sceptical": "skeptical",
    "scepticism": "skepticism",
    "judgement": "judgment",
    "ageing": "aging",
    "programme": "program",
    "programmes": "programs",
    "aluminium": "aluminum",
    "enrol": "enroll",
    "fulfil": "fulfill",
    "practise": "practice",
    "practises": "practices",
    "practised": "practiced",
    "practising": "practicing",
    "instil": "instill",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "jewellery": "jewelry",
    "pyjamas": "pajamas",
}
# British -> American endings, applied to both wordings so that only spelling differences fold.
SPELLING_RULES = [
    (re.compile(r"(?<=[a-z]{2})our(?=s?$|ed$|ing$|ite|ites|able|ably|er|ers)"), "or"),
    (re.compile(r"(?<=[a-z]{2})is(?=e$|es$|ed$|ing$|ation|ations|er|ers)"), "iz"),
    (re.compile(r"(?<=[a-z])ys(?=e$|es$|ed$|ing$)"), "yz"),
    (re.compile(r"(?<=[a-z][bcdfghjklmnpqstvwxz])re(?=s?$)"), "er"),
    (re.compile(r"(?<=[a-z][bcdfghjklmnpqstvwxz])red$"), "ered"),  # centred, centered
    (re.compile(r"(?<=[a-z]{2})ence(?=s?$)"), "ense"),
    (re.compile(r"(?<=[a-z]{2})ogue(?=s?$)"), "og"),
    (re.compile(r"(?<=[a-z]{2}e)ll(?=ed$|ing$|er$|ers$|or$|ors$)"), "l"),
]
WORD = re.compile(r"[^\W_]+(?:['’\-‐‑.][^\W_]+)*|%|…")


@lru_cache(maxsize=65_536)
def quote_words(text: str) -> tuple[str, ...]:
    """A wording normalised as SPEC section 5 says; GAP marks an ellipsis or an insertion."""
    text = re.sub(r"\[[^\]]*\]", f" {GAP} ", text)  # editorial insertions
    text = re.sub(r"\.\s?\.\s?\.|…", f" {GAP} ", text)  # ellipses
    text = re.sub(r"\bper\s+cent\b", "percent", text, flags=re.IGNORECASE)
    words = []
    for token in WORD.findall(text):
        if token == "%":
            words.append("percent")
            continue
        if token == GAP:
            if not words or words[-1] != GAP:
                words.append(GAP)
            continue
        words.append(_fold(token))
    return tuple(words)


@lru_cache(maxsize=200_000)
def _fold(token: str) -> str:
    """One word, case, apostrophes, acronym dots and hyphens dropped, spelling folded."""
    parts = re.split(r"[\-‐‑]", token.lower().replace("’", "'"))
    return "".join(_fold_spelling(re.sub(r"['.]", "", part)) for part in parts)


def _fold_spelling(word: str) -> str:
    word = SPELLING_WORDS.get(word, word)
    for pattern, replacement in SPELLING_RULES:
        word = pattern.sub(replacement, word)
    return word


@dataclass(frozen=True)
class QuoteComparison:
    """How a quotation in a source stands to a canonical wording."""

    linked: bool  # enough shared words to be the same quotation (SPEC section 4)
    consistent: bool  # no word differs where the two overlap
    run: int  # the longest run of words they share
    diff: str  # a word-level diff, when not consistent


# Linking and the verdict ask the same question, and a quotation worth a fact recurs from
# source to source (wire copy, follow-ups): each answer is worked out once.
@lru_cache(maxsize=65_536)
def compare_quote(source: str, canonical: str, near: bool = False) -> QuoteComparison:
    """How ``source`` stands to ``canonical``. With ``near`` (the caller knows the quotation
    is by the fact's speaker), a short quotation also links when one of its words is a near
    form of the canonical word in its place ("illusory goal" for "illusionary goal")."""
    source_words = quote_words(source)
    canonical_words = tuple(w for w in quote_words(canonical) if w != GAP)
    # "short sighted" and "short-sighted" (folded to "shortsighted") are one word.
    source_words = _join_compounds(source_words, frozenset(canonical_words))
    canonical_words = _join_compounds(canonical_words, frozenset(source_words))
    segments = _segments(source_words)
    spoken = [w for w in source_words if w != GAP]
    if not spoken or not canonical_words:
        return QuoteComparison(False, False, 0, "")
    run, run_words = _longest_run(spoken, canonical_words)
    if not _enough_aligned(spoken, canonical_words, run, run_words):
        if near and _near_short_quote(spoken, canonical_words):
            return QuoteComparison(True, False, run, word_diff(tuple(spoken), canonical_words))
        return QuoteComparison(False, False, run, "")
    consistent = _segments_agree(segments, canonical_words)
    diff = "" if consistent else word_diff(tuple(spoken), canonical_words)
    return QuoteComparison(True, consistent, run, diff)


def _enough_aligned(
    spoken: Sequence[str], canonical: Sequence[str], run: int, run_words: tuple[str, ...]
) -> bool:
    """SPEC section 4: a contiguous run of 4 words, or of half the quotation if shorter.

    A run of stopwords alone ("and we will") never links, and a quotation of two or three
    words links only when all its words stand close together, in order, in the canonical
    wording: a scare quote sharing one word with a long quotation ("not realistic" against
    "a realistic assessment") is another quotation.
    """
    needed = min(4, math.ceil(len(spoken) / 2))
    content = [w for w in run_words if w not in STOPWORDS]
    if len(spoken) <= 3:
        return run >= needed and bool(content) and _close_in_order(spoken, canonical)
    return (
        run >= max(2, needed)
        and len(content) >= min(2, max(1, run - 2))
        and _aligned(spoken, canonical) * 2 >= min(len(spoken), len(canonical))
    )


def _aligned(spoken: Sequence[str], canonical: Sequence[str]) -> int:
    """How many words of the two line up, in order: the aligned words must cover half of the
    shorter wording (SPEC 4), so two statements sharing a stock phrase ("in the best
    interests of") are two quotes."""
    matcher = difflib.SequenceMatcher(None, spoken, canonical, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def _close_in_order(words: Sequence[str], canonical: Sequence[str]) -> bool:
    """Do ``words`` occur in ``canonical`` in this order, with at most one word between?"""
    for start, word in enumerate(canonical):
        if word != words[0]:
            continue
        position, found = start, True
        for following in words[1:]:
            window = canonical[position + 1 : position + 3]
            if following not in window:
                found = False
                break
            position += 1 + window.index(following)
        if found:
            return True
    return False


def _near_short_quote(spoken: list[str], canonical: tuple[str, ...]) -> bool:
    """A quotation of two or three words that is the canonical wording with one word in
    another form: the others the same words, in order and close together, one of them a
    content word. Another word altogether ("common goal" for "illusionary goal") is another
    phrase, which the same speaker may well have said."""
    if not 2 <= len(spoken) <= 3:
        return False
    for index, word in enumerate(spoken):
        others = spoken[:index] + spoken[index + 1 :]
        if not any(w not in STOPWORDS for w in others):
            continue
        for found in {w for w in canonical if near_form(word, w)}:
            if _close_in_order([*others[:index], found, *others[index:]], canonical):
                return True
    return False


def near_form(a: str, b: str) -> bool:
    """Two different forms of one word: a shared stem of five letters or more that is most of
    the shorter word ("overwhelmed", "overwhelming"), or one letter apart in a long word."""
    if a == b or GAP in (a, b):
        return False
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and long_ in (short + "s", short + "es"):
        return True  # "goal", "goals"
    if len(short) < 5:
        return False
    shared = len(os.path.commonprefix([a, b]))
    if shared >= 5 and shared >= 0.6 * min(len(a), len(b)):
        return True
    return min(len(a), len(b)) >= 6 and abs(len(a) - len(b)) <= 1 and _one_edit(a, b)


def _join_compounds(words: tuple[str, ...], other: frozenset[str]) -> tuple[str, ...]:
    """Adjacent words written as one word in the other wording become that word."""
    if len(words) < 2 or not any(a + b in other for a, b in pairwise(words)):
        return words  # the usual case, found without building the list again
    joined: list[str] = []
    index = 0
    while index < len(words):
        if (
            index + 1 < len(words)
            and GAP not in words[index : index + 2]
            and words[index] + words[index + 1] in other
        ):
            joined.append(words[index] + words[index + 1])
            index += 2
            continue
        joined.append(words[index])
        index += 1
    return tuple(joined)


def _segments(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    segments: list[tuple[str, ...]] = []
    current: list[str] = []
    for word in words:
        if word == GAP:
            if current:
                segments.append(tuple(current))
            current = []
        else:
            current.append(word)
    if current:
        segments.append(tuple(current))
    return segments


def _longest_run(a: Sequence[str], b: Sequence[str]) -> tuple[int, tuple[str, ...]]:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    match = matcher.find_longest_match(0, len(a), 0, len(b))
    return match.size, tuple(a[match.a : match.a + match.size])


def _segments_agree(segments: list[tuple[str, ...]], canonical: tuple[str, ...]) -> bool:
    """Every segment agrees with the canonical wording wherever the two overlap, in order.

    A segment may run past either end of the canonical wording (the fact keeps only part of
    what was said), but the words that overlap must be the same words.
    """
    floor = 0
    for index, segment in enumerate(segments):
        matcher = difflib.SequenceMatcher(None, segment, canonical[floor:], autojunk=False)
        match = matcher.find_longest_match(0, len(segment), 0, len(canonical) - floor)
        if match.size == 0:
            outside = index in (0, len(segments) - 1) and len(segments) > 1
            if not outside or _found_earlier(segment, canonical[:floor]):
                return False  # missing, or quoted out of the canonical order
            continue
        offset = floor + match.b - match.a  # canonical index of segment[0]
        first = max(0, -offset)
        last = min(len(segment), len(canonical) - offset)
        if first > 0 and index > 0 or last < len(segment) and index < len(segments) - 1:
            return False  # only the outer segments may run past the canonical wording
        if any(segment[i] != canonical[offset + i] for i in range(first, last)):
            return False
        floor = offset + last
    return True


def _found_earlier(segment: tuple[str, ...], earlier: tuple[str, ...]) -> bool:
    matcher = difflib.SequenceMatcher(None, segment, earlier, autojunk=False)
    match = matcher.find_longest_match(0, len(segment), 0, len(earlier))
    return match.size >= min(3, len(segment))


def _aligned_part(source: tuple[str, ...], canonical: tuple[str, ...]) -> tuple[str, ...]:
    """The stretch of the canonical wording the source quotes: the rest is not a difference."""
    matcher = difflib.SequenceMatcher(None, canonical, source, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return canonical
    first, last = blocks[0], blocks[-1]
    start = max(0, first.a - first.b)
    end = min(len(canonical), last.a + last.size + (len(source) - last.b - last.size))
    return canonical[start:end]


def word_diff(source: tuple[str, ...], canonical: tuple[str, ...]) -> str:
    """Where the wordings part: ``[-canonical words-] {+source words+}``, with some context."""
    canonical = _aligned_part(source, canonical)
    matcher = difflib.SequenceMatcher(None, canonical, source, autojunk=False)
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            same = canonical[i1:i2]
            if len(same) > 6:
                same = (*same[:3], "…", *same[-3:]) if parts else ("…", *same[-3:])
            parts.append(" ".join(same))
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(canonical[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(source[j1:j2]) + "+}")
    return " ".join(parts)
