"""When a link is not certain (SPEC 4): small tests, each naming its doubt in words.

A mention linked to a fact fails the run only when the link is certain. Each test here looks
at the linked mention, the sentence around it and the other facts it could be about, and
returns the reason for doubt ("the value follows `up from`") or None. The built-in pipeline
has no parse, so the tests read punctuation and function words only: words that change the
referent ("previous", "other"), the earlier or alternative term of a comparison, a reporting
verb the date attaches to, and a tie with another fact.

Adding a rule is one function and one line in ``DOUBTS``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checks.extract.pipeline import match_key
from checks.extract.quotes import SPEECH_VERBS
from checks.facts.factfile import Fact
from checks.model.kinds import Kind
from checks.model.mentions import Mention, QuantityMention, Sentence, noun_words

# Words that, inside the mention's own phrase, say the value belongs to another thing of the
# same kind: "the previous offer of $70", "its initial $103 billion bid", "two other
# ministers" (SPEC 4, test 4). "last" only in "last year's" and the like (below).
REFERENT_CHANGE = frozenset(
    {
        "previous",
        "earlier",
        "first",
        "initial",
        "original",
        "former",
        "prior",
        "other",
        "another",
        "rival",
        "separate",
        "next",
        "similar",
    }
)
# Periods that "last" or "next" turn into another thing's: "last year's budget of $54m".
PERIODS = frozenset(
    {
        "year",
        "month",
        "week",
        "quarter",
        "season",
        "term",
        "time",
        "decade",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
    }
)
# Words before a value that make it the earlier or the alternative term of a comparison.
COMPARED_AFTER = {
    ("up", "from"): "up from",
    ("down", "from"): "down from",
    ("compared", "with"): "compared with",
    ("compared", "to"): "compared to",
    ("instead", "of"): "instead of",
    ("rather", "than"): "rather than",
    ("as", "against"): "as against",
}
# "$20 million more than last year's": the value is a difference, not the amount.
COMPARATIVES = frozenset(
    {
        "more",
        "less",
        "larger",
        "smaller",
        "higher",
        "lower",
        "bigger",
        "fewer",
        "greater",
        "cheaper",
        "above",
        "below",
    }
)
COMPARED_AFTER_ONE = {"versus": "versus", "vs": "vs", "vs.": "vs.", "from": "from"}
# Words after a value that place it before the time the sentence speaks of.
EARLIER_AFTER = frozenset({"previously", "earlier", "before", "formerly"})
# Reporting verbs (the quotation reader's speech verbs): a date right after one dates the
# telling, not the event (SPEC 4, test 5). Not those that report a decision or an act as
# much as words ("agreed on Tuesday" dates the agreement).
REPORTING = (frozenset(SPEECH_VERBS) | {"say", "revealed"}) - {
    "agreed",
    "pledged",
    "promised",
    "vowed",
    "demanded",
    "continued",
    "predicted",
    "predicts",
    "suggested",
    "asked",
    "asks",
    "urged",
    "urges",
    "spoke",
    "speaking",
    "posted",
}  # ("posted a loss on Monday" is an act)
# How far back from a date a reporting verb may stand: "reported on the new offer on Sunday".
TELLING_REACH = 8
# Words that show another verb between a reporting verb and the date ("said the crew were
# freed on Sunday": the date is the freeing's).
VERB_SIGNS = frozenset(
    {
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "should",
        "must",
        "did",
        "does",
        "do",
        "to",
        "that",
    }
)
# Words that end the stretch a mention's phrase can reach.
PHRASE_ENDS = frozenset(
    {
        ",",
        ";",
        ":",
        "—",
        "–",
        "--",
        "(",
        ")",
        "[",
        "]",
        '"',
        "“",
        "”",
        ".",
        "!",
        "?",
        "and",
        "or",
        "but",
        "which",
        "who",
        "that",
    }
)


@dataclass(frozen=True)
class Placement:
    """A linked mention and what the linker saw of it."""

    mention: Mention
    sentence: Sentence
    fact: Fact
    anchor_words: frozenset[str]  # match keys of the fact's `about` and `of` phrases
    closeness: tuple[float, float]  # the winner's mean anchor tier (0 own phrase .. 3) and
    # mean distance in tokens
    rivals: tuple[tuple[Fact, tuple[float, float]], ...]  # other facts it could be about
    anchors: tuple[int, ...] = ()  # token positions of the anchors the link rests on
    # For a date fact, what the counts of its event count (the `of` words of count facts on
    # the same anchors): "climbers" for the date of a rescue of climbers. Empty when unknown.
    participants: frozenset[str] = frozenset()


def doubt(placement: Placement) -> str | None:
    """The first reason to doubt the link, or None when it is certain."""
    for test in DOUBTS:
        reason = test(placement)
        if reason:
            return reason
    return None


def _before(placement: Placement, count: int, noun_phrase: bool = False) -> list[str]:
    """Up to ``count`` words just before the mention, nearest last, within its phrase (with
    ``noun_phrase``, only within its noun phrase: a verb or a preposition other than "of"
    ends it, so "rose for the first time to 4.5 percent" keeps "first" out)."""
    keys = placement.sentence.keys
    words: list[str] = []
    for index in range(_before_apposition(keys, placement.mention.first_token - 1), -1, -1):
        key = keys[index]
        if key in PHRASE_ENDS or len(words) == count:
            break
        if noun_phrase and (
            key in NOUN_PHRASE_ENDS or key in VERB_SIGNS or key in REPORTING or verb_like(key)
        ):
            break
        words.insert(0, key)
    return words


# Prepositions (and a few verbs' companions) that end a noun phrase read backwards.
NOUN_PHRASE_ENDS = frozenset(
    {
        "to",
        "for",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "into",
        "than",
        "as",
        "about",
        "after",
        "before",
        "since",
        "until",
        "during",
        "over",
        "under",
        "between",
    }
)
# Irregular past tenses and participles (the regular ones end in -ed): a verb there.
IRREGULAR_VERB_FORMS = frozenset(
    {
        "burst",
        "struck",
        "fell",
        "fallen",
        "rose",
        "risen",
        "sank",
        "ran",
        "began",
        "begun",
        "came",
        "went",
        "took",
        "taken",
        "broke",
        "broken",
        "hit",
        "won",
        "lost",
        "met",
        "left",
        "led",
        "paid",
        "sold",
        "spent",
        "fought",
        "flew",
        "flown",
        "drove",
        "driven",
        "grew",
        "grown",
        "threw",
        "thrown",
        "wrote",
        "written",
        "spoke",
        "gave",
        "given",
        "got",
        "made",
        "held",
        "kept",
        "sent",
        "built",
        "set",
        "put",
        "shot",
        "quit",
        "split",
        "spread",
        "cut",
        "seen",
        "done",
        "brought",
        "bought",
        "caught",
        "taught",
        "thought",
        "found",
        "told",
        "chosen",
        "frozen",
        "stolen",
        "shown",
        "known",
        "drawn",
        "beaten",
        "forgotten",
        "hidden",
        "ridden",
    }
)


def _after(placement: Placement, count: int) -> list[str]:
    """Up to ``count`` words just after the mention and its noun, within its phrase."""
    keys = placement.sentence.keys
    start = placement.mention.noun_end
    words: list[str] = []
    for index in range(start, len(keys)):
        if keys[index] in PHRASE_ENDS or len(words) == count:
            break
        words.append(keys[index])
    return words


# How far back the value an apposition restates may start ("$40 a share, or $9 billion").
APPOSITION_REACH = 8


def _before_apposition(keys: tuple[str, ...], index: int) -> int:
    """Where to read a value's phrase back from: a value in apposition to the one before it
    ("its first bid of $40 a share, or $9 billion") shares that value's phrase, so
    reading goes on from before that value; else from ``index``."""
    at = index
    while at >= 0 and keys[at] in ("about", "some", "roughly", "nearly", "around"):
        at -= 1
    if at < 1 or keys[at] != "or" or keys[at - 1] != ",":
        return index
    for back in range(at - 2, max(at - 2 - APPOSITION_REACH, -1), -1):
        if keys[back] in PHRASE_ENDS:
            return index
        if any(c.isdigit() for c in keys[back]):
            while back > 0 and not keys[back - 1].isalnum() and keys[back - 1] not in PHRASE_ENDS:
                back -= 1  # the currency sign before the digits
            while back > 0 and any(c.isdigit() for c in keys[back - 1]):
                back -= 1
            return back - 1
    return index


def _inside(placement: Placement) -> list[str]:
    """The words between the value and its noun ("31 other nations": "other")."""
    keys = placement.sentence.keys
    mention = placement.mention
    end = mention.noun_end
    return list(keys[mention.first_token : end])


def referent_change(placement: Placement, words: list[str] | None = None) -> str | None:
    """The word of the mention's own phrase that marks another thing of its kind than the
    fact's ("previous", "initial", "other"), if any: the fact's own anchors never do."""
    if words is None:
        words = _own_phrase_words(placement)
    return next(
        (word for word in words if word in REFERENT_CHANGE and word not in placement.anchor_words),
        None,
    )


def _own_phrase_words(placement: Placement) -> list[str]:
    """The words of the mention's own phrase that can mark its referent: before it (within
    its noun phrase), between it and its noun, and referent words just after."""
    before = _before(placement, 6, noun_phrase=True)  # "last year's police budget of $61m"
    mention = placement.mention
    # A date's own words ("next Tuesday", "earlier this week") say when, not what; "the 31
    # other nations" is a count of the group less its subject (SPEC 3).
    inside = (
        []
        if mention.kind == Kind.DATE
        else _inside(placement)[mention.last_token - mention.first_token :]
    )
    # ("2.3 million others" after "20,000 people": "others" names what it counts.)
    counts_others = isinstance(mention, QuantityMention) and bool(
        mention.other or mention.antecedent
    )
    words = before + [w for w in inside if w != "other" or not counts_others]
    # ... and the phrase after the value's noun: "20 people at a separate protest", "$8.1
    # billion in the previous year".
    return words + [word for word in _after(placement, 3) if word in REFERENT_CHANGE]


def different_referent(placement: Placement) -> str | None:
    """SPEC 4, test 4: a word of the mention's own phrase marks another thing of its kind,
    unless the fact's own anchors carry it ("the first offer" for a fact about it)."""
    words = _own_phrase_words(placement)
    word = referent_change(placement, words)
    if word:
        return f"`{word}` marks another {_thing(placement)} than the fact's"
    for position, word in enumerate(words):
        if word in placement.anchor_words:
            continue
        # "last year's budget" (possessive) is another year's; "last year proposed" only
        # dates a verb.
        if (
            word in ("last", "next")
            and position + 2 < len(words)
            and words[position + 1] in PERIODS
            and words[position + 2] in ("'s", "’s")
        ):
            return f"`{word} {words[position + 1]}'s` marks another {_thing(placement)}"
    return None


# Words that may open a sentence's subject before its referent word ("Its first offer").
DETERMINERS = frozenset(
    {
        "the",
        "its",
        "his",
        "her",
        "their",
        "our",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "'s",
        "’s",
    }
)


def subject_referent(placement: Placement) -> str | None:
    """SPEC 4, test 4: the sentence's subject is another thing of the kind ("Its first
    offer, of $70 a share, comprised $60 in cash"): every value its main clause gives is
    that thing's, unless the fact's anchors carry the word."""
    keys = placement.sentence.keys
    for index, word in enumerate(keys[:4]):
        if word in REFERENT_CHANGE and word not in placement.anchor_words:
            following = keys[index + 1] if index + 1 < len(keys) else ","
            between = keys[index : placement.mention.first_token]
            if not following.isalpha() or any(key in REPORTING for key in between):
                return None  # "First, ..." / "Former mayor Ruiz said the budget ..."
            if all(
                key in DETERMINERS or _possessive(keys, i) for i, key in enumerate(keys[:index])
            ):
                return f"the sentence is about the `{word}` {following}"
            return None
        if word in (",", ";", ":"):
            return None
    return None


def _possessive(keys: tuple[str, ...], index: int) -> bool:
    """A name with its possessive ending ("Acme 's first offer")."""
    return keys[index] in ("'s", "’s") or (
        index + 1 < len(keys) and keys[index + 1] in ("'s", "’s")
    )


def compared_term(placement: Placement) -> str | None:
    """SPEC 4, test 4: the value is the earlier or the alternative term of a comparison
    ("up from X", "from X to Y", "instead of X", "X previously")."""
    before = _before(placement, 2)
    if len(before) >= 2 and (before[-2], before[-1]) in COMPARED_AFTER:
        return f"the value follows `{COMPARED_AFTER[(before[-2], before[-1])]}`"
    # "from X to Y": a "to" soon after X makes X the starting value
    if (
        before
        and before[-1] in COMPARED_AFTER_ONE
        and (before[-1] != "from" or "to" in _after(placement, 3))
    ):
        return f"the value follows `{before[-1]}`"
    # "$8.1 billion previously", "$8.1 billion a year earlier" (not "killed 12 people before
    # fleeing": "before" there opens another clause).
    noun = [match_key(word) for word in noun_words(placement.mention)]
    after = _after(placement, 3)
    following = noun + after  # ("larger" may have been read as the value's noun)
    if len(following) >= 2 and following[0] in COMPARATIVES and following[1] == "than":
        return f"the value is a difference (`{following[0]} than`)"
    if noun and noun[-1] in EARLIER_AFTER:
        return f"the value is followed by `{noun[-1]}`"
    if after and after[0] in ("previously", "formerly"):
        return f"the value is followed by `{after[0]}`"
    period = after[1:] if after[:1] == ["a"] else after  # "a year earlier", "year before"
    if len(period) >= 2 and period[0] in PERIODS and period[1] in EARLIER_AFTER:
        return f"the value is followed by `{' '.join(after[: len(after) - len(period) + 2])}`"
    return None


def telling_date(placement: Placement) -> str | None:
    """SPEC 4, test 5: a date attached to a reporting verb dates the statement; certain only
    for a fact whose anchors name the speaking."""
    if placement.mention.kind != Kind.DATE or placement.anchor_words & REPORTING:
        return None
    return telling(placement.sentence.keys, placement.mention)


def telling(keys: tuple[str, ...], mention: Mention) -> str | None:
    """How a date mention is attached to a reporting verb ("dates the statement (`said
    Monday`)"), or None when it is not."""
    for index in range(mention.first_token - 1, max(mention.first_token - TELLING_REACH, -1), -1):
        word = keys[index]
        if word in REPORTING:
            return (
                f"dates the statement (`{word} ... {mention.text}`)"
                if index < mention.first_token - 3
                else f"dates the statement (`{word} {mention.text}`)"
            )
        if word in PHRASE_ENDS or word in VERB_SIGNS or verb_like(word):
            break  # another verb (or clause) stands between: the date is its
    after = keys[mention.last_token] if mention.last_token < len(keys) else ""
    if after in REPORTING:
        return f"dates the statement (`{mention.text} {after}`)"
    return None


# How far back from a date its verb is looked for.
VERB_REACH = 12


def date_of_another_verb(placement: Placement) -> str | None:
    """SPEC 4, test 1 (reduced relative clauses: "the sailors rescued two years ago
    have been freed"): the verb nearest before the date, with no anchor between them, is not
    one of the fact's anchors, so the date is that verb's."""
    mention = placement.mention
    if (
        mention.kind != Kind.DATE
        or not placement.anchors
        or min(placement.anchors) < mention.first_token
    ):
        return None  # an anchor before the date: the verb is likely its predicate
    keys = placement.sentence.keys
    anchors = set(placement.anchors)
    for index in range(mention.first_token - 1, max(mention.first_token - VERB_REACH, -1), -1):
        word = keys[index]
        if index in anchors or word in placement.anchor_words:
            return None  # an anchor is nearer than any verb: the date is its
        if word in PHRASE_ENDS and word not in ("and", "that"):
            return None
        if (
            verb_like(word)
            and word not in REPORTING
            and _used_as_verb(keys, index, mention.first_token)
        ):
            return f"`{mention.text}` dates `{word}`, not the fact's event"
    return None


def verb_like(word: str) -> bool:
    return (len(word) > 4 and word.endswith("ed")) or word in IRREGULAR_VERB_FORMS


# Words after a participle that show it working as a verb ("captured by", "elected last
# year", "made its bid"), not as an adjective before its noun ("the damaged quays").
AFTER_A_VERB = frozenset(
    {
        "by",
        "in",
        "on",
        "at",
        "from",
        "to",
        "for",
        "with",
        "into",
        "during",
        "after",
        "before",
        "its",
        "his",
        "her",
        "their",
        "our",
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "last",
        "more",
        "about",
        "over",
        "up",
        "out",
        "off",
        "back",
        "them",
        "him",
        "it",
        "us",
    }
)


def _used_as_verb(keys: tuple[str, ...], index: int, date_start: int) -> bool:
    following = index + 1
    return following == date_start or (following < len(keys) and keys[following] in AFTER_A_VERB)


# Words before "that" which make it open what is said or thought, not a relative clause.
THAT_AFTER_VERB = REPORTING | frozenset(
    {
        "believe",
        "believes",
        "believed",
        "think",
        "thinks",
        "thought",
        "know",
        "knows",
        "knew",
        "so",
        "such",
        "now",
        "given",
        "saying",
        "clear",
        "sure",
        "fact",
        "hope",
        "hopes",
        "hoped",
        "fear",
        "fears",
        "feared",
        "show",
        "shows",
        "showed",
        "mean",
        "means",
        "meant",
        "is",
        "was",
        "are",
        "were",
        "be",
        "and",
        "but",
        "than",
    }
)


def in_relative_clause(placement: Placement) -> str | None:
    """SPEC 4, test 1: the value sits in a relative clause on another noun ("a ferry fire
    that left eight people hurt"), and none of the fact's anchors is inside that clause."""
    keys = placement.sentence.keys
    mention = placement.mention
    for index in range(mention.first_token - 1, max(mention.first_token - FAR_WORDS, -1), -1):
        word = keys[index]
        if word in (",", ";", ":", "—", "–", "(", ")", ".", "!", "?"):
            return None
        if word == "that":
            if (
                index == 0
                or keys[index - 1] in THAT_AFTER_VERB
                or not keys[index - 1].isalpha()
                or keys[index - 1].endswith("ed")
            ):
                return None
            if index - 1 in placement.anchors or keys[index - 1] in placement.anchor_words:
                return None  # "a budget that totals $430 million": the anchor's own clause
            if any(position > index for position in placement.anchors):
                return None
            return f"the value is in a clause about `{keys[index - 1]}`"
    return None


# Words that place something relative to another event: "a year after the vote", "two years
# into the war", "at the time of the first bid" (SPEC 4, test 2).
REFERENCE_WORDS = frozenset(
    {"after", "before", "since", "until", "into", "following", "prior", "ahead"}
)
# ... and the nouns of "at the time of X", "on the eve of X", "in the wake of X",
# "in the run-up to X".
REFERENCE_NOUNS = frozenset({"time", "eve", "wake", "run-up", "aftermath", "lead-up"})
# How far before an anchor such a word may stand ("after the 2008 financial crisis").
REFERENCE_REACH = 4


def reference_point(placement: Placement) -> str | None:
    """SPEC 4, test 2: every anchor stands in a phrase that places the value relative to
    another event, and the value is outside that phrase."""
    if not placement.anchors:
        return None
    keys = placement.sentence.keys
    mention = placement.mention
    found = None
    for position in placement.anchors:
        opener = _reference_opener(keys, position)
        if opener is None:
            return None
        phrase_end = _phrase_end(keys, position)
        if opener <= mention.first_token < phrase_end:
            return None  # the value is inside the phrase: it is that event's
        found = found or keys[opener]
    return f"the anchors are the reference point of `{found}`"


def _reference_opener(keys: tuple[str, ...], position: int) -> int | None:
    for index in range(position - 1, max(position - 1 - REFERENCE_REACH, -1), -1):
        if keys[index] in PHRASE_ENDS:
            return None
        if keys[index] in REFERENCE_WORDS:
            return index
        if (
            keys[index] in REFERENCE_NOUNS
            and index > 0
            and keys[index - 1] == "the"
            and index + 1 < len(keys)
            and keys[index + 1] in ("of", "to")
        ):
            return index
    return None


def _phrase_end(keys: tuple[str, ...], position: int) -> int:
    """Where the reference phrase holding the anchor at ``position`` ends: at a break, a verb
    ("at the time of the first bid said ..."), or a few words on."""
    for index in range(position + 1, min(position + 1 + REFERENCE_REACH, len(keys))):
        word = keys[index]
        if (
            word in PHRASE_ENDS
            or word in REPORTING
            or word in VERB_SIGNS
            or (len(word) > 4 and word.endswith("ed"))
        ):
            return index
    return min(position + 1 + REFERENCE_REACH, len(keys))


TIME_WORDS = frozenset(
    {
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
        "tomorrow",
        "last",
        "this",
        "next",
        "early",
        "late",
        "overnight",
    }
)


def modifier_anchor(placement: Placement) -> str | None:
    """SPEC 4, test 3: an anchor that only modifies another noun ("our stranded climbers")
    supports the link weakly: certain only when no other fact could take the mention."""
    if not placement.rivals:
        return None
    keys = placement.sentence.keys
    for position in placement.anchors:
        word = keys[position]
        following = keys[position + 1] if position + 1 < len(keys) else ""
        previous = keys[position - 1] if position else ""
        if (
            verb_like(word)
            and following.isalpha()
            and following not in AFTER_A_VERB
            and following not in PHRASE_ENDS
            and following not in TIME_WORDS
            and previous not in VERB_SIGNS
            and position + 1 not in placement.anchors
        ):
            return f"`{word}` only modifies `{following}`"
        if (
            _name_before_noun(placement.sentence, position)
            and position + 1 not in placement.anchors
        ):
            return (
                f"`{_written(placement.sentence, position)}` only modifies "
                f"`{_written(placement.sentence, position + 1)}`"
            )
    return None


def _name_before_noun(sentence: Sentence, position: int) -> bool:
    """A capitalised name standing before a lower-case noun that it only modifies ("NATO
    headquarters", "the Pentagon budget office"), not before its verb ("NATO said")."""
    keys = sentence.keys
    if (
        position == 0
        or keys[position - 1] in OPENING_MARKS
        or position + 1 >= len(keys)
        or not _written(sentence, position)[:1].isupper()
    ):
        return False  # (a capital that opens the sentence says nothing of a name)
    following = keys[position + 1]
    written = _written(sentence, position + 1)
    after = keys[position + 2] if position + 2 < len(keys) else ""
    if written.endswith("s") and (after in OBJECT_OPENERS or after[:1].isdigit()):
        return False  # "Boeing expects to cut", "Boeing cuts 23,000 jobs": its verb
    return (
        written.isalpha()
        and written.islower()
        and following not in AFTER_A_VERB
        and following not in PHRASE_ENDS
        and following not in TIME_WORDS
        and following not in VERB_SIGNS
        and following not in REPORTING
        and following not in NOUN_PHRASE_ENDS
        and not verb_like(following)
        and following not in ("and", "or", "of", "'s", "’s")
    )


OPENING_MARKS = frozenset({'"', "“", "‘", "'", "(", "[", "—", "–", ":"})
# Words that follow a verb ending in -s rather than a plural noun: "expects to", "says the".
OBJECT_OPENERS = frozenset(
    {
        "to",
        "the",
        "a",
        "an",
        "its",
        "his",
        "her",
        "their",
        "that",
        "some",
        "more",
        "about",
        "up",
        "over",
    }
)


def _written(sentence: Sentence, position: int) -> str:
    """A token as the source wrote it."""
    start = sentence.offsets[position] - sentence.start
    end = (
        sentence.offsets[position + 1] - sentence.start
        if position + 1 < len(sentence.offsets)
        else len(sentence.text)
    )
    return sentence.text[start:end].strip()


# Openings that name where something was read ("According to the index released last year,").
ATTRIBUTIONS = frozenset({"according", "citing"})


def in_attribution(placement: Placement) -> str | None:
    """A value inside an opening attribution ("According to a report released last year,
    ...") describes the source of the news, not the news."""
    keys = placement.sentence.keys
    if not keys or keys[0] not in ATTRIBUTIONS:
        return None
    end = _opening_phrase_end(keys)
    if end is not None and placement.mention.first_token < end:
        return f"it is in the attribution (`{keys[0]} ...`)"
    return None


# A rival at the same tier is as close as the winner unless its anchors are at least this
# many tokens farther, or, when the winner's are next to the value, at least twice as far
# plus two.
CLEAR_MARGIN = 3


def tie(placement: Placement) -> str | None:
    """SPEC 4, test 6: another fact is about as close to the mention as the winner (same tier,
    and its anchors not clearly farther)."""
    tier, distance = placement.closeness
    for fact, (other_tier, other_distance) in placement.rivals:
        clearly_farther = (
            other_distance >= distance + CLEAR_MARGIN or other_distance >= 2 * distance + 2
        )
        if other_tier < tier or (other_tier == tier and not clearly_farther):
            return f"also fits `{fact.id}`"
    return None


# An anchor farther than this from the value, in one sentence, is not the value's.
FAR_WORDS = 40
# Breaks no phrase reaches across: an anchor beyond one is not the mention's.
# ("and" is not one: it joins nouns, "arms and ammunition", far more often than clauses.)
SEPARATORS = frozenset({";", ":", "—", "–", "--", "(", ")", "[", "]"})
OPENING_BRACKETS = {"(": ")", "[": "]"}
OPENING_BRACKETS_NAME = {")": "(", "]": "["}
DASHES = frozenset({"—", "–", "--"})
# Words that open a phrase standing before the main clause ("According to ..., ",
# "Declaring ..., "): prepositions and subordinators; participles are found by their ending.
OPENERS = frozenset(
    {
        "according",
        "after",
        "before",
        "following",
        "despite",
        "amid",
        "in",
        "on",
        "at",
        "as",
        "with",
        "without",
        "while",
        "since",
        "until",
        "although",
        "though",
        "because",
        "if",
        "when",
        "once",
        "unlike",
        "like",
        "besides",
        "beyond",
        "under",
        "over",
        "during",
        "for",
        "from",
        "by",
        "to",
        "among",
        "of",
        "citing",
        "asked",
    }
)


def distant_anchor(placement: Placement) -> str | None:
    """SPEC 4, test 1: an anchor the link rests on stands beyond a break in the sentence, or
    only in an opening phrase set off by a comma while the mention is in the main clause."""
    keys = placement.sentence.keys
    mention = placement.mention
    end = mention.noun_end
    opening = _opening_phrase_end(keys)
    for position in placement.anchors:
        span = (
            range(position + 1, mention.first_token)
            if position < mention.first_token
            else range(end, position)
        )
        if len(span) > FAR_WORDS:  # (also keeps a link's cost bounded in a long sentence)
            return f"`{keys[position]}` stands {len(span)} words from the value"
        breaks = _breaks(keys, span, _spaced_hyphens(placement.sentence, span))
        if breaks:
            return f"`{keys[position]}` stands beyond `{breaks[0]}`"
        if opening is not None and position < opening < mention.first_token:
            return f"`{keys[position]}` is in the opening phrase, not the mention's clause"
    return None


# Words that open a clause's own subject: after "but", a clause of its own ("but the storm
# ended"); otherwise "but" shares the subject ("is struggling but will cut 23,000 jobs").
SUBJECT_OPENERS = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "its",
        "his",
        "her",
        "their",
        "our",
        "it",
        "they",
        "he",
        "she",
        "we",
        "i",
        "you",
        "there",
    }
)


def _new_subject_after(keys: tuple[str, ...], index: int) -> bool:
    return index + 1 < len(keys) and keys[index + 1] in SUBJECT_OPENERS


def _spaced_hyphens(sentence: Sentence, span: range) -> frozenset[int]:
    """Hyphens in ``span`` with a space on each side: dashes typed as hyphens ("four
    militants - but still hold")."""
    found = set()
    for index in span:
        if sentence.keys[index] == "-":
            at = sentence.offsets[index] - sentence.start
            if (
                0 < at < len(sentence.text) - 1
                and sentence.text[at - 1].isspace()
                and sentence.text[at + 1].isspace()
            ):
                found.add(index)
    return frozenset(found)


def _breaks(keys: tuple[str, ...], span: range, hyphens: frozenset[int] = frozenset()) -> list[str]:
    """The breaks between an anchor and the mention; a bracketed insertion wholly between
    them is no break ("5 percent of their gross domestic product (GDP), far beyond ...").
    "but" before a subject of its own opens another clause: a break too."""
    found: list[str] = []
    closing: list[str] = []
    dashes = [index for index in span if keys[index] in DASHES or index in hyphens]
    paired = set(dashes[: len(dashes) - len(dashes) % 2])  # "— approved after a debate —"
    for index in span:
        key = keys[index]
        if index in paired:
            continue
        if key in OPENING_BRACKETS:
            closing.append(OPENING_BRACKETS[key])
        elif closing and key == closing[-1]:
            closing.pop()
        elif not closing and (
            key in SEPARATORS
            or index in hyphens
            or (key == "but" and _new_subject_after(keys, index))
        ):
            found.append(key)
    return found + [OPENING_BRACKETS_NAME[c] for c in closing]


def _opening_phrase_end(keys: tuple[str, ...]) -> int | None:
    """Where a phrase opening the sentence ends (its comma), when the sentence starts with
    one: a preposition, a subordinator or a participle ("Declaring ...,")."""
    if not keys:
        return None
    first = keys[0]
    if first not in OPENERS and not (first.endswith("ing") and len(first) > 5):
        return None
    for index, key in enumerate(keys[:OPENING_WORDS]):
        if key == ",":
            return index
    return None


# An opening phrase longer than this is not one (and the search for its comma stays short).
OPENING_WORDS = 30


def _thing(placement: Placement) -> str:
    return thing(placement.mention.kind)


def thing(kind: Kind) -> str:
    """What a mention of ``kind`` is a value of, in a reason's words."""
    return {Kind.DATE: "event", Kind.QUOTE: "statement"}.get(kind, "figure")


RELATIVE_OPENERS = frozenset({"who", "which", "that", "whom", "whose"})
# Words that open a noun phrase without being its head.
NOUN_PHRASE_OPENERS = frozenset(
    {
        "a",
        "an",
        "the",
        "its",
        "his",
        "her",
        "their",
        "our",
        "this",
        "that",
        "these",
        "those",
        "some",
        "several",
        "many",
        "more",
        "other",
        "new",
        "another",
    }
)
# Forms of "be" that make the participle after them passive: its subject is what is acted on.
PASSIVE_SIGNS = frozenset({"was", "were", "is", "are", "be", "been", "being"})


def another_participant(placement: Placement) -> str | None:
    """SPEC 4, test 4, for events: the anchor verb acts on another thing than the one the
    event's counts count ("launched a website in May", "Six pilots were rescued
    Wednesday", for the date of a rescue whose count fact counts climbers)."""
    if not placement.participants:
        return None
    keys = placement.sentence.keys
    for position in placement.anchors:
        head = _acted_on(keys, position)
        if head is not None and head not in placement.participants:
            return f"`{keys[position]}` acts on `{head}`, not on what the event's facts count"
    return None


def _acted_on(keys: tuple[str, ...], position: int) -> str | None:
    """The head noun of what the verb at ``position`` acts on: the subject of a passive
    ("the pilots were rescued"), or the object of an active verb ("launched a website").
    None when it cannot be told (a number, a name, a break, another clause)."""
    if not verb_like(keys[position]) and keys[position] not in (
        "release",
        "releases",
        "free",
        "frees",
    ):
        return None
    before = position - 1
    if before >= 0 and keys[before] in PASSIVE_SIGNS:
        while before >= 0 and (keys[before] in PASSIVE_SIGNS or keys[before] in VERB_SIGNS):
            before -= 1
        head = keys[before] if before >= 0 else ""
        return (
            head
            if head.isalpha()
            and head not in DETERMINERS
            and head not in THAT_AFTER_VERB
            and head not in RELATIVE_OPENERS
            and head not in SUBJECT_OPENERS
            else None
        )  # ("They were freed": who?)
    index = position + 1
    while index < len(keys) and keys[index] in NOUN_PHRASE_OPENERS:
        index += 1
    if index == position + 1 or index >= len(keys):
        return None  # only a determined noun phrase: "rescued 21 climbers" is read by count
    noun: str | None = None
    while (
        index < len(keys)
        and keys[index].isalpha()
        and keys[index] not in NOUN_PHRASE_ENDS
        and keys[index] not in PHRASE_ENDS
        and keys[index] not in TIME_WORDS
        and keys[index] != "of"
        and not verb_like(keys[index])
        and not (keys[index].endswith("ing") and len(keys[index]) > 5)
    ):
        noun = keys[index]
        index += 1
    return noun


# How near a rival's anchors must stand to govern the value ("the rescue of 40 passengers").
GOVERNING_REACH = 3


def describing_clause_only(placement: Placement) -> str | None:
    """SPEC 4, tests 1 and 6: every anchor of the winner stands in a clause describing the
    value's noun ("40 passengers who were stranded", "12 crew trapped in 2019"), while
    another fact's anchors govern the value in its own clause ("the rescue of 40
    passengers who were stranded"): the clause says which ones, the sentence may be
    about the other fact."""
    mention = placement.mention
    if not placement.anchors or not isinstance(mention, QuantityMention) or not mention.noun_words:
        return None
    keys = placement.sentence.keys
    end = mention.noun_end
    if end >= len(keys) or not (keys[end] in RELATIVE_OPENERS or verb_like(keys[end])):
        return None
    if min(placement.anchors) < end:
        return None
    for fact, (tier, distance) in placement.rivals:
        if tier <= 1 and distance <= GOVERNING_REACH:
            return (
                f"`{keys[min(placement.anchors)]}` is in a clause describing "
                f"`{mention.noun_words[-1]}`; also fits `{fact.id}`"
            )
    return None


DOUBTS: Sequence[Callable[[Placement], str | None]] = (
    tie,
    different_referent,
    subject_referent,
    compared_term,
    telling_date,
    distant_anchor,
    in_attribution,
    date_of_another_verb,
    in_relative_clause,
    reference_point,
    modifier_anchor,
    another_participant,
    describing_clause_only,
)
