"""Which mention is about which fact (SPEC section 4): kinds, `of`, `about` anchors, closeness."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice
from typing import cast

import spacy
from spacy.tokens import Doc

from checks.extract.pipeline import match_key
from checks.extract.quotes import compare_quote
from checks.extract.units import CURRENCIES, compatible
from checks.facts.factfile import Fact
from checks.facts.speakers import by_fact_speaker
from checks.facts.values import CanonicalValue, QuantityValue, QuoteValue
from checks.link.doubts import Placement, doubt, referent_change
from checks.model.kinds import Kind, Window
from checks.model.mentions import (
    DateMention,
    Mention,
    ParsedSource,
    QuantityMention,
    QuoteMention,
    Sentence,
    noun_words,
)

FAR = 10_000  # distance used for anchors found only elsewhere in the paragraph
# Words that open a subordinate clause (or a phrase working like one: "including ...").
SUBORDINATORS = frozenset(
    {
        "which",
        "who",
        "whom",
        "whose",
        "while",
        "whereas",
        "although",
        "though",
        "because",
        "since",
        "unless",
        "when",
        "where",
        "after",
        "before",
        "including",
        "if",
        "whether",
        "until",
        "once",
    }
)
CLAUSE_BOUNDARIES = frozenset({",", ";", ":", "—", "–", "--", ")", "]"})

# A fact's `names` map as a hashable key for the caches: (canonical name, other ways).
NamesKey = tuple[tuple[str, tuple[str, ...]], ...]
# A fact's `about`: per item, its alternative phrases.
About = tuple[tuple[str, ...], ...]
# What a link rests on: (sentence start, token) of an anchor, or the marker of a matched `of`.
Anchor = tuple[int, int] | tuple[str, str]


@dataclass(frozen=True)
class Candidate:
    """A mention that could be about a fact, and how close the fact's anchors sit to it."""

    mention: Mention
    fact: Fact
    closeness: tuple[float, float, int]  # (mean tier, mean distance, -anchors): lower wins
    evidence: frozenset[Anchor] = frozenset()  # the anchor tokens used
    doubt: str | None = None  # why the link is uncertain (checks.link.doubts), if so
    # Other facts the mention could be about, whose anchors stand within one tier of the
    # winner's (own phrase, clause, sentence): read again once the verdicts are known
    # (checks.judge.verdict_doubts).
    near_rivals: tuple[Fact, ...] = ()
    # A fact the mention cannot be about by the rules of linking (a price per share and a
    # fact with no `of`) but whose anchors stand in its clause: never the winner, only a
    # rival that a verdict may read ("the portion in cash was $60 a share").
    shadow: bool = False


@lru_cache(maxsize=1)
def _tokenizer() -> Callable[[str], Doc]:
    return spacy.blank("en").tokenizer


@lru_cache(maxsize=4096)
def phrase_keys(phrase: str) -> tuple[str, ...]:
    """An anchor phrase as match keys, tokenised like the sources."""
    return tuple(match_key(t.text) for t in _tokenizer()(phrase) if not t.is_space)


def expand_names(phrases: tuple[str, ...], names: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """An about item's alternatives plus every other way ``names`` says to write them."""
    return _expand(tuple(phrases), tuple(names.items()))


@lru_cache(maxsize=65_536)
def _expand(phrases: tuple[str, ...], names: NamesKey) -> tuple[str, ...]:
    expanded = list(phrases)
    lowered_phrases = {p.lower() for p in phrases}
    for canonical, aliases in names:
        group = (canonical, *aliases)
        if lowered_phrases & {g.lower() for g in group}:
            expanded.extend(group)
    return tuple(dict.fromkeys(expanded))


def link_source(
    parsed: ParsedSource,
    facts: list[tuple[Fact, CanonicalValue]],
    names: dict[str, tuple[str, ...]],
    window: Window = Window.SENTENCE,
) -> list[Candidate]:
    """Each mention of ``parsed`` given to at most one fact: the one whose anchors sit closest."""
    chosen: list[Candidate] = []
    winners: list[tuple[Candidate, list[Candidate]]] = []
    # Facts whose anchors the source never mentions cannot link anywhere in it, and with the
    # sentence window, nor can facts whose anchors the mention's sentence lacks: dropping them
    # first keeps linking cheap when hundreds of facts meet thousands of sources.
    names_key = tuple(names.items())
    words = frozenset(key for sentence in parsed.sentences for key in sentence.key_positions)
    firsts = {f.id: _first_words(f.about, names_key) for f, _ in facts}
    index = _FirstWordIndex([f for f, _ in facts], firsts)
    in_source = index.facts_among(words)
    possible = [(f, v) for f, v in facts if f.id in in_source]
    by_kind: dict[Kind, list[tuple[Fact, CanonicalValue]]] = {}
    for fact, value in possible:
        by_kind.setdefault(fact.kind, []).append((fact, value))
    in_sentence = index if window == Window.SENTENCE else None
    present: dict[int, set[str]] = {}
    clauses = ClauseMaps(parsed)
    participants = _participants([f for f, _ in possible])
    shadows: dict[int, tuple[Fact, ...]] = {}
    per_sentence: dict[tuple[int, Kind], list[tuple[Fact, CanonicalValue]]] = {}
    for mention in parsed.mentions:
        facts_here = by_kind.get(mention.kind, [])
        if in_sentence is not None and facts_here:
            key = (mention.sentence, mention.kind)
            if key not in per_sentence:
                if mention.sentence not in present:
                    present[mention.sentence] = in_sentence.facts_among(
                        parsed.sentences[mention.sentence].key_positions
                    )
                per_sentence[key] = [
                    (f, v) for f, v in facts_here if f.id in present[mention.sentence]
                ]
            facts_here = per_sentence[key]
        found = [
            c
            for c in (
                _candidate(parsed, mention, f, v, names, window, clauses) for f, v in facts_here
            )
            if c is not None
        ]
        candidates = [c for c in found if not c.shadow]
        if len(candidates) < len(found) and candidates:
            shadows[mention.start] = tuple(c.fact for c in found if c.shadow)
        if candidates and mention.kind == Kind.QUOTE:
            # SPEC 4: a quotation that holds two canonical quotes is compared with each: the
            # best match, and any other sharing a run of at least four words with it.
            best = min(candidates, key=lambda c: c.closeness)
            chosen.extend(c for c in candidates if c is best or -c.closeness[1] >= QUOTE_RUN)
        elif candidates:
            winners.append((_closest(candidates), candidates))
    # Doubts once every mention has its winner: a fact that another mention of the sentence
    # wins is no rival ("killed 12 people and injured 40": the injured are the 40) (SPEC 4,
    # test 6, jointly).
    won: dict[int, dict[str, set[int]]] = {}
    for best, _ in winners:
        won.setdefault(best.mention.sentence, {}).setdefault(best.fact.id, set()).add(
            best.mention.start
        )
    for best, candidates in winners:
        won_here = won[best.mention.sentence]
        # (Counted, not copied: a sentence of thousands of values stays linear.)
        rivals = [
            c
            for c in candidates
            if c.fact.id == best.fact.id
            or not _won_elsewhere(won_here.get(c.fact.id), best.mention.start)
        ]
        # A fact won elsewhere is no rival for the tie, but a value that agrees with it
        # may still be about it ("rescue 6 stranded climbers but leave 40
        # captives"): the verdicts read it (checks.judge.verdict_doubts).
        won_elsewhere = tuple(
            c.fact
            for c in candidates
            if c.fact.id != best.fact.id
            and c.closeness[0] <= best.closeness[0] + 1
            and _won_elsewhere(won_here.get(c.fact.id), best.mention.start)
        )
        chosen.append(
            _with_doubt(
                parsed,
                best,
                rivals,
                names_key,
                shadows.get(best.mention.start, ()) + won_elsewhere,
                participants.get(best.fact.id, frozenset()),
            )
        )
    chosen.sort(key=lambda c: (c.mention.start, c.fact.id))
    return _one_value_per_fact(chosen)


# The contiguous run of words a second canonical quote must share with a quotation.
QUOTE_RUN = 4


def _won_elsewhere(starts: set[int] | None, start: int) -> bool:
    """Whether a fact won a mention of the sentence other than the one at ``start``."""
    if not starts:
        return False
    return len(starts) > 1 or start not in starts


def _participants(facts: list[Fact]) -> dict[str, frozenset[str]]:
    """Per date fact, what the counts of its event count: the `of` words of the count facts
    resting on the same `about` ("climbers" for the date of a rescue whose count of
    climbers rescued has the same anchors). Empty when no such count says."""
    counted: dict[About, set[str]] = {}
    for fact in facts:
        if fact.kind == Kind.COUNT and fact.of and fact.about:
            counted.setdefault(fact.about, set()).update(
                key for phrase in fact.of for key in phrase_keys(phrase)
            )
    return {
        fact.id: frozenset(counted[fact.about])
        for fact in facts
        if fact.kind == Kind.DATE and fact.about in counted
    }


def _with_doubt(
    parsed: ParsedSource,
    best: Candidate,
    candidates: list[Candidate],
    names_key: NamesKey,
    shadows: tuple[Fact, ...] = (),
    participants: frozenset[str] = frozenset(),
) -> Candidate:
    """The winner, with the first reason to doubt its link (SPEC 4), if any."""
    placement = Placement(
        mention=best.mention,
        sentence=parsed.sentences[best.mention.sentence],
        fact=best.fact,
        anchor_words=_anchor_words(best.fact.about, best.fact.of, names_key),
        closeness=best.closeness[:2],
        # A candidate resting on a part of the winner's anchors is no rival: "France
        # pledged €12.5 billion in loans" is France's loans, not only loans.
        rivals=tuple(
            (c.fact, _as_close(c, best, parsed))
            for c in candidates
            if c.fact.id != best.fact.id and not (c.evidence and c.evidence < best.evidence)
        ),
        anchors=tuple(sorted(_anchor_positions(parsed, best.mention, best.evidence))),
        participants=participants,
    )
    changed = referent_change(placement)
    if changed:
        # SPEC 4, test 4: "its first bid of $40 a share, or $9 billion": the word
        # that marks another offer is what a rival fact rests on; that fact is the value's.
        carrier = next(
            (
                c
                for c in candidates
                if c.fact.id != best.fact.id
                and changed in _anchor_words(c.fact.about, c.fact.of, names_key)
            ),
            None,
        )
        if carrier is not None:
            return _with_doubt(
                parsed,
                carrier,
                [c for c in candidates if c is not best],
                names_key,
                shadows,
                participants,
            )
    reason = best.doubt or doubt(placement)
    near = (
        tuple(fact for fact, (tier, _) in placement.rivals if tier <= placement.closeness[0] + 1)
        + shadows
    )
    return replace(best, doubt=reason, near_rivals=near) if reason or near else best


def _as_close(rival: Candidate, best: Candidate, parsed: ParsedSource) -> tuple[float, float]:
    """The rival's (mean tier, mean distance), its distance moved by how much farther its own
    anchors are than the winner's own: anchors both share say nothing of which is nearer
    ("The earthquake killed 12 people and injured 40": both facts rest on "earthquake"; only
    "killed" and "injured" tell them apart). Own anchors that all stand after an "and"
    beyond the value's phrase open another verb phrase: the rival is far."""
    mention = best.mention
    mine = _distances(mention, _anchor_positions(parsed, mention, rival.evidence - best.evidence))
    theirs = _distances(mention, _anchor_positions(parsed, mention, best.evidence - rival.evidence))
    if not mine or not theirs:
        return rival.closeness[:2]
    if _beyond_conjunction(rival, best, parsed):
        return rival.closeness[0], float(FAR)
    gap = sum(mine) / len(mine) - sum(theirs) / len(theirs)
    return rival.closeness[0], best.closeness[1] + gap


def _beyond_conjunction(rival: Candidate, best: Candidate, parsed: ParsedSource) -> bool:
    """Whether the anchors only the rival rests on all stand after an "and" (or "but",
    "while") that follows the value's phrase: another verb phrase's."""
    mention = best.mention
    sentence = parsed.sentences[mention.sentence]
    end = own_phrase_end(sentence, mention)
    positions = _anchor_positions(parsed, mention, rival.evidence - best.evidence)
    if not positions or min(positions) < end:
        return False
    return any(sentence.keys[i] in ("and", "but", "while") for i in range(end - 1, min(positions)))


def _anchor_positions(
    parsed: ParsedSource, mention: Mention, evidence: frozenset[Anchor]
) -> list[int]:
    """Token positions of the anchors in ``evidence`` that stand in the mention's sentence
    (evidence also holds a matched `of`, and with the paragraph window other sentences'
    anchors)."""
    start = parsed.sentences[mention.sentence].start
    # (An anchor of this sentence starts with its start: a token, not the `of` marker.)
    return cast(
        list[int],
        [
            where[1]
            for where in evidence
            if isinstance(where, tuple) and len(where) == 2 and where[0] == start
        ],
    )


def _distances(mention: Mention, positions: list[int]) -> list[int]:
    return [
        max(mention.first_token - position, position - mention.last_token, 0)
        for position in positions
    ]


def _one_value_per_fact(chosen: list[Candidate]) -> list[Candidate]:
    """SPEC 4, test 6: when several values of one sentence went to one fact, the one whose
    anchors sit closest keeps a certain link; the others are in doubt ("the rescue of 21 of
    the 200 or so passengers": 21 is the rescued passengers, not 200)."""
    groups: dict[tuple[int, str], list[int]] = {}
    for number, candidate in enumerate(chosen):
        if candidate.mention.kind != Kind.QUOTE:
            groups.setdefault((candidate.mention.sentence, candidate.fact.id), []).append(number)
    result = list(chosen)
    for numbers in groups.values():
        if len(numbers) < 2:
            continue
        ranked = sorted(
            numbers, key=lambda n: (chosen[n].doubt is not None, chosen[n].closeness[:2])
        )
        best = chosen[ranked[0]]
        tied = (
            chosen[ranked[1]].closeness[:2] == best.closeness[:2]
            and chosen[ranked[1]].doubt is None
            and best.doubt is None
        )
        for number in ranked if tied else ranked[1:]:
            candidate = chosen[number]
            if candidate.doubt is None:
                other = chosen[ranked[1] if number == ranked[0] else ranked[0]]
                result[number] = replace(
                    candidate,
                    doubt=(
                        f"`{other.mention.text}` in the same sentence fits "
                        f"`{candidate.fact.id}` {'as well' if tied else 'better'}"
                    ),
                )
    return result


@lru_cache(maxsize=16_384)
def _anchor_words(about: About, of: tuple[str, ...], names_key: NamesKey) -> frozenset[str]:
    """Every word of a fact's `about` (names expanded) and `of` phrases, as match keys."""
    words = {
        key
        for alternatives in anchor_keys(about, names_key)
        for keys in alternatives
        for key in keys
    }
    words.update(key for phrase in of for key in phrase_keys(phrase))
    return frozenset(words)


def _closest(candidates: list[Candidate]) -> Candidate:
    """The closest candidate, unless another one rests on the same anchors and more: "France
    gave €12.5 billion in loans" is about France's loans, not only about loans."""
    best = min(candidates, key=lambda c: c.closeness)
    wider = [c for c in candidates if best.evidence and best.evidence < c.evidence]
    while wider:
        best = min(wider, key=lambda c: (-len(c.evidence), c.closeness))
        wider = [c for c in candidates if best.evidence < c.evidence]
    return best


@lru_cache(maxsize=16_384)
def _first_words(about: About, names_key: NamesKey) -> tuple[frozenset[str], ...]:
    """Per `about` item, the first word of each of its phrases."""
    return tuple(
        frozenset(keys[0] for keys in alternatives)
        for alternatives in anchor_keys(about, names_key)
    )


class _FirstWordIndex:
    """The facts whose every `about` item could occur among some words (a cheap pre-check on
    each phrase's first word), found from the words rather than by asking each of hundreds
    of facts in turn."""

    def __init__(self, facts: list[Fact], firsts: dict[str, tuple[frozenset[str], ...]]) -> None:
        self.items_needed = {fact.id: len(firsts[fact.id]) for fact in facts}
        self.always = {fact_id for fact_id, needed in self.items_needed.items() if not needed}
        self.by_word: dict[str, list[tuple[str, int]]] = {}
        for fact in facts:
            for item, words in enumerate(firsts[fact.id]):
                for word in words:
                    self.by_word.setdefault(word, []).append((fact.id, item))

    def facts_among(self, words: Iterable[str]) -> set[str]:
        found: dict[str, set[int]] = {}
        for word in words:
            for fact_id, item in self.by_word.get(word, ()):
                found.setdefault(fact_id, set()).add(item)
        return self.always | {
            fact_id for fact_id, items in found.items() if len(items) == self.items_needed[fact_id]
        }


def _candidate(
    parsed: ParsedSource,
    mention: Mention,
    fact: Fact,
    value: CanonicalValue,
    names: dict[str, tuple[str, ...]],
    window: Window,
    clauses: ClauseMaps,
) -> Candidate | None:
    if isinstance(mention, QuoteMention) or isinstance(value, QuoteValue):
        if isinstance(mention, QuoteMention) and isinstance(value, QuoteValue):
            return _quote_candidate(mention, fact, value, by_fact_speaker(mention, fact, names))
        return None
    if not kind_matches(mention, fact, value):
        return None
    of_here = bool(fact.of) and (
        of_matches(fact.of, mention) or _of_just_before(parsed, mention, fact.of)
    )
    # "$84 per share": a price per share is only about a per-share fact; another fact's
    # anchors in its clause only shadow it.
    shadow = not of_here and _is_rate(parsed, mention)
    if shadow and fact.of:
        return None
    if (
        fact.of
        and not of_here
        and not (
            isinstance(mention, QuantityMention)
            and mention.unit in CURRENCIES
            and _of_in_clause(parsed, mention, fact.of, clauses)
        )
    ):
        return None
    if (
        isinstance(mention, DateMention)
        and mention.attributive
        and not _attributive_matches(mention, fact, names)
    ):
        return None
    found = anchor_closeness(parsed, mention, fact, names, window, clauses)
    if found is None:
        return None
    closeness, evidence = found
    if shadow:
        return (
            Candidate(mention, fact, closeness, frozenset(evidence), shadow=True)
            if closeness[0] <= 1
            else None
        )
    if fact.of and not of_here and not _measured_by_verb(parsed, mention):
        # SPEC 4: a measure's `of` noun belongs in the value's own phrase; found only
        # elsewhere in its clause ("Qualcomm shares fell 2 percent to $65"), the link stands
        # but is not certain, unless a verb of measuring ties them ("the upgrade will cost
        # $2 billion").
        noun = next(iter(fact.of))
        return Candidate(
            mention,
            fact,
            closeness,
            frozenset(evidence),
            doubt=f"`{noun}` is not in the value's own phrase",
        )
    if fact.of:
        # A matched `of` is an anchor inside the mention's own phrase: the closest there is.
        items = len(fact.about) or 1
        closeness = (
            closeness[0] * items / (items + 1),
            closeness[1] * items / (items + 1),
            closeness[2] - 1,
        )
        # The same for every fact whose `of` the phrase matches: a fact resting on it and
        # more anchors wins over one resting on it alone (see `_closest`).
        evidence = evidence | {("of", "matched")}
    return Candidate(mention, fact, closeness, frozenset(evidence))


def _of_just_before(parsed: ParsedSource, mention: Mention, of: tuple[str, ...]) -> bool:
    """ "the offer of $121 billion": the noun the value measures, just before "of" (with at
    most a qualifier such as "some" or "about" between "of" and the value)."""
    keys = parsed.sentences[mention.sentence].keys
    at = mention.first_token - 1
    while at >= 0 and keys[at] in (
        "some",
        "about",
        "around",
        "nearly",
        "almost",
        "over",
        "roughly",
        "approximately",
        "just",
        "up",
        "to",
    ):
        at -= 1
    if at < 1 or keys[at] != "of":
        return False
    for phrase in of:
        phrase_keys_ = phrase_keys(phrase)
        if phrase_keys_ and tuple(keys[max(at - len(phrase_keys_), 0) : at]) == phrase_keys_:
            return True
    return False


def _is_rate(parsed: ParsedSource, mention: Mention) -> bool:
    """A price per something ("$82 a share", "$82 per share"): what it measures is that
    something. (Not a percentage: "grew 3 percent a year" is still the growth.)"""
    if (
        not isinstance(mention, QuantityMention)
        or not mention.noun_words
        or mention.kind != Kind.AMOUNT
        or mention.unit not in CURRENCIES
    ):
        return False
    keys = parsed.sentences[mention.sentence].keys
    at = mention.last_token + (mention.last_token < len(keys) and keys[mention.last_token] == "-")
    return (
        at + 1 < len(keys)
        and keys[at] in ("per", "a", "an")
        and keys[at + 1 + (keys[at + 1] == "-")] not in TIME_NOUNS
    )


# "$2 billion a year" is a yearly amount, not a price per year.
TIME_NOUNS = frozenset({"year", "month", "week", "day", "quarter", "decade", "night", "hour"})


# Verbs that make the value the measure of their subject: "the upgrade will cost $2 billion".
MEASURING_VERBS = frozenset(
    {
        "cost",
        "costs",
        "costing",
        "worth",
        "valued",
        "priced",
        "totalled",
        "totaled",
        "totals",
        "total",
        "totalling",
        "totaling",
        "amounted",
        "amounts",
        "amount",
        "estimated",
        "budgeted",
        "price",
        "prices",
        "value",
        "values",
    }
)


def _measured_by_verb(parsed: ParsedSource, mention: Mention) -> bool:
    """A verb of measuring stands just before the value ("will cost some $3.5 billion")."""
    keys = parsed.sentences[mention.sentence].keys
    before = keys[max(mention.first_token - 3, 0) : mention.first_token]
    return any(key in MEASURING_VERBS for key in before)


def _quote_candidate(
    mention: QuoteMention, fact: Fact, value: QuoteValue, by_speaker: bool
) -> Candidate | None:
    """A quotation links by its words (SPEC 4). When the source names the fact's speaker, a
    short one also links with one word in another form, to be judged a misquote."""
    short = by_speaker and len(mention.text.split()) <= 3
    if not short and not plain_words(mention.text) & plain_words(value.quote):
        return None  # no word in common: cannot be the same quotation (a cheap pre-check)
    comparison = compare_quote(mention.text, value.quote, near=by_speaker)
    if not comparison.linked:
        return None
    return Candidate(mention, fact, (0.0, -float(comparison.run), 0))


@lru_cache(maxsize=65_536)
def plain_words(text: str) -> frozenset[str]:
    """Lower-cased words of four letters or more, hyphens dropped: a quotation's fingerprint."""
    return frozenset(w for w in re.findall(r"\w+", text.lower().replace("-", "")) if len(w) > 3)


def kind_matches(mention: Mention, fact: Fact, value: CanonicalValue) -> bool:
    """Same kind, and a compatible unit: same currency, same pint dimension."""
    if mention.kind != fact.kind:
        return False
    if fact.kind != Kind.AMOUNT:
        return True
    return (
        isinstance(mention, QuantityMention)
        and isinstance(value, QuantityValue)
        and mention.unit is not None
        and value.unit is not None
        and compatible(mention.unit, value.unit)
    )


def of_matches(of: tuple[str, ...], mention: Mention) -> bool:
    """``of`` names the noun the number counts or measures; modifiers may stand between."""
    words = tuple(match_key(w) for w in noun_words(mention))
    if isinstance(mention, QuantityMention) and mention.antecedent:
        words += (match_key(mention.antecedent),)
    for phrase in of:
        keys = phrase_keys(phrase)
        if keys and _find(words, keys):
            return True
    return False


def _attributive_matches(
    mention: DateMention, fact: Fact, names: dict[str, tuple[str, ...]]
) -> bool:
    """A year used as an adjective ("the 2022 invasion") only links when the noun is an anchor."""
    words = tuple(match_key(w) for w in mention.attributive)
    for item in fact.about:
        for phrase in expand_names(item, names):
            if _find(words, phrase_keys(phrase)):
                return True
    return False


def _of_in_clause(
    parsed: ParsedSource, mention: Mention, of: tuple[str, ...], clause_maps: ClauseMaps
) -> bool:
    """A sum of money may measure a noun that stands apart from it in its clause: "the
    upgrade will cost $2 billion" (a length, "20 km from the airport", may not)."""
    sentence = parsed.sentences[mention.sentence]
    clauses = clause_maps(mention.sentence)
    home = clauses[mention.first_token]
    if sentence.from_parse:
        # The parse's clauses are the clause maps' own: the home clause is the clause.
        return any(
            clause_maps.occurrences(mention.sentence, phrase_keys(phrase)).get(home)
            for phrase in of
            if phrase_keys(phrase)
        )
    # The tokens of the mention's clause in the sentence's own numbering (punctuation and
    # function words): one stretch, as those numbers never go down.
    number = sentence.clauses[mention.first_token]
    low = bisect.bisect_left(sentence.clauses, number)
    high = bisect.bisect_right(sentence.clauses, number)
    for phrase in of:
        keys = phrase_keys(phrase)
        if not keys:
            continue
        positions = clause_maps.occurrences(mention.sentence, keys).get(home, ())
        if bisect.bisect_left(positions, low) < bisect.bisect_left(positions, high):
            return True
    return False


def anchor_closeness(
    parsed: ParsedSource,
    mention: Mention,
    fact: Fact,
    names: dict[str, tuple[str, ...]],
    window: Window,
    clause_maps: ClauseMaps,
) -> tuple[tuple[float, float, int], frozenset[Anchor]] | None:
    """(mean tier, mean token distance, minus the anchors found) of the nearest occurrence of
    every ``about`` item, or None when an item is missing.

    The sentence is read as a main clause with subordinate clauses in it ("which ...",
    "including ...", "after ..."). An anchor inside a subordinate clause speaks only for
    mentions in that clause; a mention inside one links only to a fact with an anchor (or its
    `of` noun) in the same clause: "France, which spent €150 billion on pensions, pledged
    €12.5 billion" gives the pensions figure to no fact about France's pledge.
    """
    sentence = parsed.sentences[mention.sentence]
    clauses = clause_maps(mention.sentence)
    home = clauses[mention.first_token]
    if not fact.about:
        return ((0.0, 0.0, 0) if fact.of else (2.0, float(FAR), 0)), frozenset()
    paragraph = window == Window.PARAGRAPH
    own_end = own_phrase_end(sentence, mention)
    tiers, distances, used = [], [], []
    in_home = bool(fact.of)
    for alternatives in anchor_keys(fact.about, tuple(names.items())):
        best = None
        for keys in alternatives:
            # Only the occurrences that can be the nearest are looked at (see
            # ``_nearest_occurrences``), so a sentence full of anchors costs each mention a
            # few lookups, not a scan of the sentence.
            by_clause = clause_maps.occurrences(mention.sentence, keys)
            in_home = in_home or home in by_clause
            if paragraph:  # the first occurrence in another sentence: all such are tier 3
                elsewhere = clause_maps.first_elsewhere(mention.sentence, keys)
                if (
                    elsewhere is not None
                    and elsewhere[0] < sentence.start
                    and (best is None or best[:2] > (3, FAR))
                ):
                    best = (3, FAR, elsewhere)
            for position in _nearest_occurrences(by_clause, home, mention, len(keys), own_end):
                found = _tier(sentence, mention, position, len(keys), clauses)
                if best is None or found < best[:2]:
                    best = (*found, (sentence.start, position))
            if (
                paragraph
                and elsewhere is not None
                and elsewhere[0] > sentence.start
                and (best is None or best[:2] > (3, FAR))
            ):
                best = (3, FAR, elsewhere)
        if best is None:
            return None
        tiers.append(best[0])
        distances.append(best[1])
        used.append(best[2])
    if home != 0 and not in_home:
        return None
    closeness = (sum(tiers) / len(tiers), sum(distances) / len(distances), -len(tiers))
    return closeness, frozenset(used)


def _nearest_occurrences(
    by_clause: dict[int, list[int]], home: int, mention: Mention, length: int, own_end: int
) -> list[int]:
    """The occurrences an anchor of ``length`` tokens could be nearest at, in order: those in
    the mention's own phrase, and the nearest one before and after it, in the main clause and
    in the mention's own clause (anchors in other clauses do not count).

    Within one clause number, going away from the mention, the distance grows and the tier
    never improves (a sentence's clause numbers do not go down), so no other occurrence can
    be closer; on a tie the earliest wins, and the earliest of a tie is among these.
    """
    found = []
    for clause in {0, home}:
        positions = by_clause.get(clause)
        if not positions:
            continue
        phrase = bisect.bisect_right(positions, mention.first_token - length)
        after = bisect.bisect_left(positions, own_end)
        found.extend(positions[max(phrase - 1, 0) : after + 1])
    # The own phrase may run into another clause (a relative clause on the value's noun):
    # its anchors there, in whatever clause, found by bisecting all of the anchor's positions.
    everywhere = by_clause.get(ALL_CLAUSES, ())
    low = bisect.bisect_left(everywhere, mention.last_token)
    high = bisect.bisect_left(everywhere, own_end)
    found.extend(everywhere[low:high])
    return sorted(set(found))


ALL_CLAUSES = -1  # key of every position of an anchor, in any clause


class ClauseMaps:
    """Each sentence's ``clause_map`` and where anchors occur in it, worked out once per
    source (every mention and fact asks for them)."""

    def __init__(self, parsed: ParsedSource) -> None:
        self.parsed = parsed
        self.maps: dict[int, tuple[int, ...]] = {}
        self._occurrences: dict[tuple[int, tuple[str, ...]], dict[int, list[int]]] = {}
        self._paragraphs: dict[int, list[int]] | None = None
        self._elsewhere: dict[tuple[int, tuple[str, ...]], list[tuple[int, int]]] = {}

    def __call__(self, index: int) -> tuple[int, ...]:
        found = self.maps.get(index)
        if found is None:
            sentence = self.parsed.sentences[index]
            # A trained pipeline's parse decides clauses (SPEC 4); else punctuation does.
            found = self.maps[index] = (
                sentence.clauses
                if sentence.from_parse
                else clause_map(sentence.keys, _inner_commas(self.parsed, index))
            )
        return found

    def occurrences(self, index: int, keys: tuple[str, ...]) -> dict[int, list[int]]:
        """Where ``keys`` occur in sentence ``index``, by clause number (``clause_map``)."""
        found = self._occurrences.get((index, keys))
        if found is None:
            clauses = self(index)
            everywhere = _occurrences(self.parsed.sentences[index], keys)
            found = {ALL_CLAUSES: everywhere}
            for position in everywhere:
                found.setdefault(clauses[position], []).append(position)
            self._occurrences[(index, keys)] = found
        return found

    def first_elsewhere(self, index: int, keys: tuple[str, ...]) -> tuple[int, int] | None:
        """(sentence start, token) of the first occurrence of ``keys`` in the paragraph of
        sentence ``index`` outside that sentence."""
        sentences = self.parsed.sentences
        paragraph = sentences[index].paragraph
        if self._paragraphs is None:
            self._paragraphs = {}
            for number, sentence in enumerate(sentences):
                self._paragraphs.setdefault(sentence.paragraph, []).append(number)
        firsts = self._elsewhere.get((paragraph, keys))
        if firsts is None:  # the first two sentences holding it: one is not this one
            firsts = []
            for number in self._paragraphs[paragraph]:
                positions = _occurrences(sentences[number], keys)
                if positions:
                    firsts.append((number, positions[0]))
                    if len(firsts) == 2:
                        break
            self._elsewhere[(paragraph, keys)] = firsts
        for number, position in firsts:
            if number != index:
                return sentences[number].start, position
        return None


def _inner_commas(parsed: ParsedSource, index: int) -> frozenset[int]:
    """Commas that belong to a date or number ("Sept. 11, 2001, attacks"): not clause ends."""
    keys = parsed.sentences[index].keys
    mentions = parsed.mentions  # in source order, so sentence numbers never go down
    first = bisect.bisect_left(mentions, index, key=lambda m: m.sentence)
    inside: set[int] = set()
    for mention in islice(mentions, first, None):  # not a copy of the rest
        if mention.sentence != index:
            break
        if mention.kind == Kind.QUOTE:
            continue
        inside.update(i for i in range(mention.first_token, mention.last_token) if keys[i] == ",")
        if (
            mention.kind == Kind.DATE
            and "," in mention.text
            and mention.last_token < len(keys)
            and keys[mention.last_token] == ","
        ):
            inside.add(mention.last_token)  # "on Feb. 24, 2022, Russia ...": the pair's end
    return frozenset(inside)


@lru_cache(maxsize=65_536)
def clause_map(keys: tuple[str, ...], inner: frozenset[int] = frozenset()) -> tuple[int, ...]:
    """Per token: 0 in the main clause, k > 0 in the k-th subordinate clause or parenthesis.

    A subordinate clause runs from its opening word to the next comma, semicolon, colon or
    dash (or the sentence's end); a parenthesis to its closing bracket.
    """
    numbers: list[int] = []
    current, count, bracket = 0, 0, False
    for position, key in enumerate(keys):
        if bracket:
            numbers.append(current)
            if key in (")", "]"):
                current, bracket = 0, False
            continue
        if key in ("(", "["):
            count += 1
            current, bracket = count, True
        elif key in CLAUSE_BOUNDARIES and position not in inner:
            current = 0
        elif key in SUBORDINATORS and current == 0:
            count += 1
            current = count
        numbers.append(current)
    return tuple(numbers)


def _tier(
    sentence: Sentence, mention: Mention, position: int, length: int, clauses: tuple[int, ...]
) -> tuple[int, int]:
    """0 inside the mention's own phrase, 1 same clause, 2 same sentence (the same paragraph,
    3, is ``anchor_closeness``'s)."""
    end = position + length
    own_end = own_phrase_end(sentence, mention)
    if position < own_end and end > mention.first_token:
        return 0, 0
    distance = (
        mention.first_token - end if end <= mention.first_token else position - mention.last_token
    )
    same_clause = (
        clauses[position] == clauses[mention.first_token]
        and sentence.clauses[position] == sentence.clauses[mention.first_token]
    )
    return (1 if same_clause else 2), max(distance, 0)


# Prepositions that continue a value's noun phrase: "a $47 billion bid for the port".
PHRASE_PREPOSITIONS = frozenset({"for", "of", "to", "in", "on", "from", "with", "by"})
# Words that end such a phrase: a verb's auxiliary, a conjunction, a relative word.
PHRASE_STOPS = frozenset(
    {
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
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
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "while",
        "after",
        "before",
        "as",
        "if",
        "than",
        "since",
        "until",
        "because",
        "although",
        "though",
        "unless",
        "once",
        "whether",
    }
)
# How many words such a phrase may run to.
PHRASE_WORDS = 4


def own_phrase_end(sentence: Sentence, mention: Mention) -> int:
    """Where the mention's own phrase ends (exclusive, with one token of slack): the value,
    what it counts or measures, and a prepositional phrase hanging on that noun ("a $47
    billion bid for the Dutch port operator")."""
    end = mention.noun_end
    keys = sentence.keys
    if not noun_words(mention) or end >= len(keys):
        return end + 1
    if keys[end] in RELATIVE_WORDS:
        # "the 40 ferries that remain in service": a relative clause on the value's own noun
        # says which ones they are, so its anchors are the value's own.
        stop = end + 1
        while (
            stop < min(len(keys), end + 1 + RELATIVE_WORDS_REACH)
            and keys[stop] not in CLAUSE_BOUNDARIES
            and keys[stop] not in (".", "!", "?")
        ):
            stop += 1
        return stop
    if keys[end] not in PHRASE_PREPOSITIONS:
        return end + 1
    stop = end + 1
    while (
        stop < min(len(keys), end + 1 + PHRASE_WORDS)
        and keys[stop] not in PHRASE_STOPS
        and keys[stop] not in CLAUSE_BOUNDARIES
        and keys[stop] not in (".", "!", "?")
    ):
        stop += 1
    return stop + 1


RELATIVE_WORDS = frozenset({"who", "which", "that", "whose", "whom"})
# How far a relative clause on a value's noun is read as the value's own phrase.
RELATIVE_WORDS_REACH = 8


@lru_cache(maxsize=16_384)
def anchor_keys(about: About, names: NamesKey) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Each `about` item as the match keys of all its phrases, `names` expanded."""
    return tuple(
        tuple(k for k in (phrase_keys(p) for p in _expand(item, names)) if k) for item in about
    )


def _occurrences(sentence: Sentence, keys: tuple[str, ...]) -> list[int]:
    """Where ``keys`` occur in the sentence, found through its index of first words."""
    starts = sentence.key_positions.get(keys[0], ())
    size = len(keys)
    if size == 1:
        return list(starts)
    words = sentence.keys
    return [i for i in starts if words[i : i + size] == keys]


def _find(words: tuple[str, ...], keys: tuple[str, ...]) -> bool:
    return next(iter(_find_all(words, keys)), None) is not None


def _find_all(words: tuple[str, ...], keys: tuple[str, ...]) -> list[int]:
    if not keys:
        return []
    size = len(keys)
    return [i for i in range(len(words) - size + 1) if words[i : i + size] == keys]
