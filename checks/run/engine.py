"""The engine: reads sources once, loads fact files, links mentions to facts and judges them."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar

from spacy.language import Language

from checks.extract.pipeline import DEFAULT_PIPELINE, load_pipeline, parse_source, parse_sources
from checks.facts.factfile import Acceptance, Fact, FactFile, load_fact_file
from checks.facts.values import parse_tolerance, parse_value
from checks.judge.selfchecks import Finding, Gathered, SourceReading, read_for_checks
from checks.judge.verdict_doubts import Context, Judged, verdict_doubt
from checks.judge.verdicts import Judgement, judge
from checks.link.linking import Candidate, link_source
from checks.model.defaults import DateOrder
from checks.model.errors import FactsError, SourceError
from checks.model.kinds import Verdict, Window
from checks.model.mentions import DateMention, Mention, ParsedSource
from checks.read.source_files import in_globs, list_sources, matches_glob
from checks.read.sources import DEFAULT_MAX_SOURCE_BYTES, SourceText, read_source
from checks.run.acceptances import apply_acceptances
from checks.run.cache import ParseCache

_Item = TypeVar("_Item")
_Found = TypeVar("_Found")


@dataclass(frozen=True)
class Settings:
    """What a run reads, and how: the plugin's ini options."""

    rootdir: Path
    source_globs: tuple[str, ...] = ("seeds/**/*",)
    model: str = DEFAULT_PIPELINE
    window: Window = Window.SENTENCE
    max_source_bytes: int = DEFAULT_MAX_SOURCE_BYTES
    date_order: DateOrder | None = None  # unset: such a date is unresolved


@dataclass(frozen=True)
class LinkResult:
    """One linked mention, judged, with its place in the source."""

    mention: Mention
    line: int
    column: int
    sentence: str
    judgement: Judgement
    # Where the mention starts in ``sentence`` (which has its whitespace runs made single
    # spaces); -1 when unknown. Found once per link from the mention's own offset, so a
    # repeated figure ("5, 5, 5") highlights its own occurrence, and a long sentence is not
    # searched again for every link.
    at: int = -1

    @property
    def verdict(self) -> Verdict:
        return self.judgement.verdict


@dataclass(frozen=True)
class FactResult:
    """A fact against one source (or against none: ``source`` is None when nothing mentions it)."""

    fact: Fact
    fact_file: str
    source: str | None
    links: tuple[LinkResult, ...] = ()
    stale_acceptances: tuple[Acceptance, ...] = ()  # accept entries the source no longer needs

    @property
    def failures(self) -> tuple[LinkResult, ...]:
        return tuple(link for link in self.links if link.verdict.fails)

    @property
    def accepted(self) -> tuple[LinkResult, ...]:
        return tuple(link for link in self.links if link.verdict is Verdict.ACCEPTED)


@dataclass(frozen=True)
class SourceLinks:
    """What check_file keeps in the cache for one source and one fact file: each link with
    its fact's id (a type of its own, so that a cache entry of any other type is a miss)."""

    links: tuple[tuple[str, LinkResult], ...]


@dataclass
class Engine:
    """Holds what one run has read; each source is parsed at most once.

    With a cache (pytest's), each source's links to each fact file are kept too, keyed by
    the source's and the fact file's contents: a re-run with nothing changed neither parses
    nor links, and pytest-xdist workers split both: each does its own share, then takes
    from the cache what the others have done and does the rest itself (``_share_out``).
    """

    settings: Settings
    cache: ParseCache | None = None
    _parsed: dict[str, ParsedSource] | None = None
    source_errors: dict[str, SourceError] = field(default_factory=dict)
    share: tuple[int, int] | None = None  # (this process, how many) sharing the work
    _hashes: dict[str, str] | None = None
    _source_list: list[str] | None = None
    _fact_hashes: dict[str, str] = field(default_factory=dict)
    _from_cache: set[str] = field(default_factory=set)
    _parsed_here: set[str] = field(default_factory=set)
    # Told (what, sources done, sources in all) as the sources are worked through in
    # batches: the plugin shows it during a long collection (see checks.plugin.terminal.Progress).
    progress: Callable[[str, int, int], None] | None = None

    @property
    def parse_counts(self) -> tuple[int, int]:
        """(sources read from the cache, sources parsed) in this run."""
        return len(self._from_cache - self._parsed_here), len(self._parsed_here)

    def source_paths(self) -> list[str]:
        """The sources to read; those the project may not read (outside the rootdir, through
        a symlink or `..`) are source errors instead (see checks.read.source_files)."""
        if self._source_list is None:
            paths, refused = list_sources(self.settings.rootdir, self.settings.source_globs)
            for display, reason in refused.items():
                self.source_errors[display] = SourceError(reason, display)
            self._source_list = paths
        return list(self._source_list)

    def content_hashes(self) -> dict[str, str]:
        """Every readable source's content hash; the others are source errors.

        Only the hashes are kept: with the cache, most sources are never parsed in a run,
        and those that are get read again then (holding every text would grow with the
        corpus).
        """
        if self._hashes is None:
            self._hashes = {}
            for display in self.source_paths():
                text = self._read(display)
                if text is not None:
                    self._hashes[display] = text.content_hash
        return self._hashes

    def _read(self, display: str) -> SourceText | None:
        try:
            return read_source(
                self.settings.rootdir / display, display, self.settings.max_source_bytes
            )
        except SourceError as error:
            self.source_errors[display] = error
        except OSError as error:
            self.source_errors[display] = SourceError(f"cannot read: {error.strerror}", display)
        return None

    def parsed(self) -> dict[str, ParsedSource]:
        """Every source, parsed once per run, held in memory (for the checks of the corpus)."""
        if self._parsed is None:
            self._parsed = self._parse_all()
        return self._parsed

    def _parse_all(self) -> dict[str, ParsedSource]:
        parsed: dict[str, ParsedSource] = {}
        texts = [text for text in map(self._read, self.source_paths()) if text is not None]
        if self._hashes is None:  # read once here, not once more for the hashes
            self._hashes = {text.path: text.content_hash for text in texts}
        to_parse = [text for text in texts if not self._taken_parsed(parsed, text)]
        mine, others = self._split(to_parse, lambda t: t.path)

        def parse_here(texts: list[SourceText]) -> None:
            for result in self._parse(texts):
                parsed[result.path] = result

        self._share_out(mine, others, partial(self._taken_parsed, parsed), parse_here)
        return {path: parsed[path] for path in sorted(parsed)}

    def _taken_parsed(self, parsed: dict[str, ParsedSource], text: SourceText) -> bool:
        """Whether the cache holds the source parsed (kept in ``parsed``) or its error."""
        found = self.cache.get(text.content_hash, text.path) if self.cache else None
        if found is None:
            return False
        self._from_cache.add(text.path)
        if isinstance(found, SourceError):
            self.source_errors[text.path] = found
        else:
            parsed[text.path] = found
        return True

    def _parse(self, texts: list[SourceText]) -> list[ParsedSource]:
        """Parse through the pipeline in one batch, keeping each result in the cache."""
        if not texts:
            return []
        results = self._parse_each(load_pipeline(self.settings.model), texts)
        for result in results:
            self._parsed_here.add(result.path)
            if self.cache:
                self.cache.put(result)
        if self.cache:  # the engine failed on these: other processes must say so too
            for text in texts:
                if text.path in self.source_errors:
                    self.cache.put(self.source_errors[text.path], text.content_hash)
        return results

    def _split(
        self, items: list[_Item], path_of: Callable[[_Item], str]
    ) -> tuple[list[_Item], list[_Item]]:
        """(this process's share, the other processes' share) of work keyed by source path."""
        if not (self.cache and self.share):
            return items, []
        mine, count = self.share
        return (
            [i for i in items if _owner(path_of(i), count) == mine],
            [i for i in items if _owner(path_of(i), count) != mine],
        )

    def _parse_each(self, nlp: Language, texts: list[SourceText]) -> list[ParsedSource]:
        """Parse in one batch; if the engine fails on some source, find it and go on.

        A bug of the engine on one odd text must cost that source only: it becomes the
        source's error item and every other source is still checked.
        """
        try:
            return parse_sources(nlp, texts)
        except Exception:  # noqa: BLE001 - any failure; the source is found and named below
            results: list[ParsedSource] = []
        for text in texts:
            try:
                results.extend(parse_sources(nlp, [text]))
            except Exception as error:  # noqa: BLE001
                self._engine_failed(text.path, error)
        return results

    def _worked(
        self, work: Callable[[ParsedSource], _Found], parsed: ParsedSource
    ) -> _Found | None:
        """``work(parsed)``, or None when the engine fails on the source (its error, then)."""
        try:
            return work(parsed)
        except Exception as error:  # noqa: BLE001 - a bug on one source costs it only
            self._engine_failed(parsed.path, error)
            return None

    def _engine_failed(self, path: str, error: Exception) -> SourceError:
        """A bug of the engine on one source, parsing, linking or judging it: that source's
        error, so that it costs that source only."""
        failure = SourceError(
            f"not checked: the engine failed on this source ({type(error).__name__}: "
            f"{' '.join(str(error).split())[:200]}); please report it",
            path,
        )
        self.source_errors[path] = failure
        return failure

    def _share_out(
        self,
        mine: list[_Item],
        others: list[_Item],
        taken: Callable[[_Item], bool],
        do_here: Callable[[list[_Item]], None],
    ) -> None:
        """This process's share of some work (``do_here(items)``), then the other processes'
        share: what they have put in the cache is taken (``taken(item)``, false when it is
        not there), the rest is done here. Nothing waits on another process: one that is
        slow, killed or replaced, or a cache that cannot be written, costs work done twice,
        never a stall.

        Each process goes through its own share from the start and through the others' from
        the end, a batch at a time, looking in the cache just before each batch, so two
        processes doing the same items meet in the middle and do about a batch twice. Results
        are the same as one process's, whoever does the work (the work is deterministic).
        """
        if self.cache is None or not self.share:  # all the work is this process's
            do_here(mine)
            return
        for batch in [*_batches(mine, LINK_BATCH), *_batches(others[::-1], LINK_BATCH)]:
            do_here([item for item in batch if not taken(item)])

    def load_fact_file(self, path: Path) -> FactFile:
        display = _display(path, self.settings.rootdir)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise FactsError(f"cannot read fact file: {error}", display) from error
        fact_file = load_fact_file(display, text, parse_value, parse_tolerance)
        self._fact_hashes[display] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return fact_file

    def check_file(self, fact_file: FactFile) -> list[FactResult]:
        """Every fact of the file against every source it applies to."""
        by_fact: dict[str, dict[str, list[LinkResult]]] = {f.id: {} for f in fact_file.facts}
        linked: dict[str, SourceLinks] = {}
        self._per_source(
            self._links_key(fact_file),
            self._linker(fact_file),
            linked.__setitem__,
            SourceLinks,
        )
        for path in sorted(linked):
            for fact_id, result in linked[path].links:
                by_fact[fact_id].setdefault(path, []).append(result)
        return _results(fact_file, by_fact)

    def _links_key(self, fact_file: FactFile) -> str | None:
        """What a source's links to this fact file are kept under in the cache, beside the
        source's own key: the file's content and the settings linking reads (None: a fact
        file not loaded from a file, whose links are not kept)."""
        fact_hash = self._fact_hashes.get(fact_file.path)
        window, order = self.settings.window, self.settings.date_order
        return f"links|{fact_hash}|{window}|{order}" if fact_hash else None

    def _linker(self, fact_file: FactFile) -> Callable[[ParsedSource], SourceLinks]:
        """What links one parsed source to the file's facts, with this run's settings."""
        window, order = self.settings.window, self.settings.date_order
        return lambda parsed: SourceLinks(
            tuple(
                (fact.id, link)
                for fact, link in check_parsed(parsed, fact_file, window, date_order=order)
            )
        )

    def sources_for(self, fact_file: FactFile) -> list[str]:
        """The sources a fact file's globs let it apply to, from the file list alone (the
        ``source`` grain collects items from this without reading a source)."""
        return [
            path
            for path in self.source_paths()
            if in_globs(path, fact_file.sources)
            and any(in_globs(path, fact.sources) for fact in fact_file.facts)
        ]

    def check_source(self, fact_file: FactFile, path: str) -> list[FactResult]:
        """Every fact of the file against one source: a result per fact it mentions (the
        facts no source mentions are known only once every source is checked). The links
        come from the cache when this source and this fact file are unchanged; else the
        source is parsed (or read parsed from the cache) and linked here.

        Raises SourceError when the source cannot be read or the engine fails on it."""
        text = self._read(path)
        if text is None:
            raise self.source_errors[path]
        cache, what = self.cache, self._links_key(fact_file)
        key = (
            cache.derived_key(text.content_hash, path, what) if cache is not None and what else None
        )
        found = cache.get_derived(key, SourceLinks) if cache is not None and key else None
        if isinstance(found, SourceError):  # the engine failed on it in another process
            self._from_cache.add(path)
            raise found
        if found is None:
            found = self._worked(self._linker(fact_file), self._parsed_one(text))
            if found is None:  # the engine failed on it: say so in every process
                if cache is not None and key:
                    cache.put_derived(key, self.source_errors[path])
                raise self.source_errors[path]
            if cache is not None and key:
                cache.put_derived(key, found)
        else:
            self._from_cache.add(path)
        by_fact: dict[str, list[LinkResult]] = {}
        for fact_id, link in found.links:
            by_fact.setdefault(fact_id, []).append(link)
        # (in the file's order, as check_file gives them)
        return [
            _linked(fact, fact_file.path, path, by_fact[fact.id])
            for fact in fact_file.facts
            if fact.id in by_fact
        ]

    def _parsed_one(self, text: SourceText) -> ParsedSource:
        cached = self.cache.get(text.content_hash, text.path) if self.cache else None
        if isinstance(cached, SourceError):
            raise cached
        if cached is not None:
            self._from_cache.add(text.path)
            return cached
        parsed = self._parse([text])
        if not parsed:
            raise self.source_errors[text.path]
        return parsed[0]

    def self_check(self) -> dict[str, list[Finding]]:
        """The checks that need no fact (SPEC section 8), over every source."""
        gathered = Gathered()
        self._per_source("self-check", read_for_checks, gathered.add, SourceReading)
        return gathered.findings()

    def _per_source(
        self,
        what: str | None,
        work: Callable[[ParsedSource], _Found],
        take: Callable[[str, _Found], None],
        kind: type[_Found],
    ) -> None:
        """``take(path, work(parsed source))`` for every source, from the cache where the
        work is already done (``what`` names the work in the cache; None: not cacheable;
        ``work`` returns a ``kind``, the type the cache checks entries against).

        Without a cache, over the sources held in memory. With one, sources are parsed and
        worked on in batches and not held, so memory stays flat whatever the size of the
        corpus (``take`` keeps what it needs); pytest-xdist workers each do their share, then
        take what the others did and do the rest (see ``_share_out``).
        """
        cache = self.cache
        if cache is None or what is None:
            for path, parsed in self.parsed().items():
                result = self._worked(work, parsed)
                if result is not None:
                    take(path, result)
            return
        keys = {
            path: cache.derived_key(content_hash, path, what)
            for path, content_hash in self.content_hashes().items()
        }

        def taken(path: str) -> bool:
            """Whether the cache holds the work done on this source (or its error)."""
            found = cache.get_derived(keys[path], kind)
            if found is None:
                return False
            self._from_cache.add(path)
            if isinstance(found, SourceError):
                self.source_errors[path] = found
            else:
                take(path, found)
            return True

        missing = [path for path in keys if not taken(path)]
        mine, others = self._split(missing, lambda path: path)
        done = len(keys) - len(missing)

        def work_here(paths: list[str]) -> None:
            nonlocal done
            for batch in _batches(paths, LINK_BATCH):
                if self.progress is not None:
                    self.progress(what, done, len(keys))
                done += len(batch)
                for parsed in self._parsed_now(batch, cache):
                    result = self._worked(work, parsed)
                    if result is not None:
                        cache.put_derived(keys[parsed.path], result)
                        take(parsed.path, result)
                for path in batch:  # the engine failed on it: say so in every process
                    if path in self.source_errors:
                        cache.put_derived(keys[path], self.source_errors[path])

        self._share_out(mine, others, taken, work_here)

    def _parsed_now(self, paths: list[str], cache: ParseCache) -> list[ParsedSource]:
        """These sources parsed: held in memory, read from the cache, or parsed now."""
        if self._parsed is not None:
            return [self._parsed[p] for p in paths if p in self._parsed]
        found: list[ParsedSource] = []
        to_parse: list[SourceText] = []
        for path in paths:
            cached = cache.get(self.content_hashes()[path], path)
            if cached is None:
                text = self._read(path)
                if text is not None:
                    to_parse.append(text)
            elif isinstance(cached, SourceError):
                self.source_errors[path] = cached
                self._from_cache.add(path)
            else:
                found.append(cached)
                self._from_cache.add(path)
        return found + self._parse(to_parse)


# Sources parsed and linked together: big enough for nlp.pipe, small enough for memory.
LINK_BATCH = 64


def _batches(items: list[_Item], size: int) -> Iterator[list[_Item]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def check_example(
    fact_file: FactFile,
    fact: Fact,
    sentence: str,
    model: str = DEFAULT_PIPELINE,
    window: Window = Window.SENTENCE,
    date_order: DateOrder | None = None,
) -> list[LinkResult]:
    """An editor's example sentence read as a one-line source: what links to ``fact``."""
    text = " ".join(sentence.split()) + "\n"
    parsed = parse_source(load_pipeline(model), SourceText("example", text, "", None))
    # An example applies whatever the `sources` globs say; `published` maps do not apply.
    unscoped = replace(
        fact_file,
        sources=(),
        published=(),
        facts=tuple(replace(f, sources=()) for f in fact_file.facts),
    )
    return [
        link
        for linked, link in check_parsed(parsed, unscoped, window, date_order=date_order)
        if linked.id == fact.id
    ]


def check_parsed(
    parsed: ParsedSource,
    fact_file: FactFile,
    window: Window = Window.SENTENCE,
    published: date | None = None,
    date_order: DateOrder | None = None,
) -> list[tuple[Fact, LinkResult]]:
    """Every mention of one parsed source linked to the facts that apply to it, and judged."""
    if not in_globs(parsed.path, fact_file.sources):  # the file's globs: once, not per fact
        return []
    applicable = [(f, f.value) for f in fact_file.facts if in_globs(parsed.path, f.sources)]
    if not applicable:
        return []
    published = published or _published(fact_file, parsed)
    candidates = link_source(parsed, applicable, fact_file.names, window)
    judged = [
        Judged(
            c.mention,
            c.fact,
            judge(c.mention, c.fact, c.fact.value, published, fact_file.names, date_order),
            c.near_rivals,
        )
        for c in candidates
    ]
    contexts = _contexts(parsed, published, fact_file.names, judged, date_order)
    sentences: dict[int, _Normalised] = {}
    return [
        (candidate.fact, _placed(parsed, link, sentences, _doubt(candidate, link, contexts)))
        for candidate, link in zip(candidates, judged, strict=True)
    ]


def _doubt(candidate: Candidate, link: Judged, contexts: dict[int, Context]) -> str | None:
    """Why a would-be failure is uncertain: the linker's reason, else the verdicts' (None
    for a passing link)."""
    if not link.judgement.verdict.fails:
        return None
    return candidate.doubt or verdict_doubt(link, contexts[candidate.mention.sentence])


def _contexts(
    parsed: ParsedSource,
    published: date | None,
    names: dict[str, tuple[str, ...]],
    judged: list[Judged],
    date_order: DateOrder | None,
) -> dict[int, Context]:
    """Per sentence with a link, what checks.judge.verdict_doubts reads besides the link."""
    failing: dict[int, dict[int, list[Judged]]] = {}
    for link in judged:
        at = failing.setdefault(link.mention.sentence, {})
        if link.judgement.verdict.fails:
            at.setdefault(link.mention.first_token, []).append(link)
    dates: dict[int, list[DateMention]] = {}
    for mention in parsed.mentions:
        if isinstance(mention, DateMention) and mention.sentence in failing:
            dates.setdefault(mention.sentence, []).append(mention)
    return {
        index: Context(parsed, published, names, at, dates.get(index, ()), date_order)
        for index, at in failing.items()
    }


class _Normalised:
    """A sentence with its whitespace runs made single spaces, and where each of its words
    went, to place a mention in it from the mention's own offset (worked out once per
    sentence, so a sentence with thousands of links costs a bisection per link)."""

    def __init__(self, text: str, start: int) -> None:
        words = _WORD.finditer(text)
        self.origins: list[int] = []  # where each word starts in the source
        self.places: list[int] = []  # where it starts in ``text``
        place = 0
        for word in words:
            self.origins.append(start + word.start())
            self.places.append(place)
            place += len(word.group()) + 1
        self.text = " ".join(text.split())

    def place(self, offset: int) -> int:
        """Where the source's ``offset`` falls in ``text`` (-1 when outside the sentence)."""
        index = bisect_right(self.origins, offset) - 1
        if index < 0:
            return -1
        return self.places[index] + offset - self.origins[index]


_WORD = re.compile(r"\S+")


def _placed(
    parsed: ParsedSource, link: Judged, sentences: dict[int, _Normalised], doubt: str | None
) -> LinkResult:
    """A judged link placed in its source. ``sentences`` holds the sentences of ``parsed``
    normalised so far, by index: every link in a sentence shares one string, so a long
    sentence with thousands of mentions is held once, not once per link (in memory, and in
    the cache, where pickle keeps one copy of a string shared within an entry)."""
    mention, judgement = link.mention, link.judgement
    if doubt and judgement.verdict.fails:
        # A would-be failure on a link the engine cannot be sure of: for an editor to
        # review, never a failure of the run (SPEC 4, 5).
        judgement = replace(
            judgement,
            verdict=Verdict.UNCERTAIN,
            doubt=doubt,
            detail=f"if the link were certain: {judgement.verdict.value}: {judgement.detail}",
        )
    line, column = parsed.line_column(mention.start)
    sentence = sentences.get(mention.sentence)
    if sentence is None:
        original = parsed.sentences[mention.sentence]
        sentence = sentences[mention.sentence] = _Normalised(original.text, original.start)
    return LinkResult(
        mention, line, column, sentence.text, judgement, sentence.place(mention.start)
    )


def _results(
    fact_file: FactFile, by_fact: dict[str, dict[str, list[LinkResult]]]
) -> list[FactResult]:
    results = []
    for fact in fact_file.facts:
        sources = by_fact[fact.id]
        if not sources:
            results.append(FactResult(fact, fact_file.path, None))
        results.extend(
            _linked(fact, fact_file.path, source, sources[source]) for source in sorted(sources)
        )
    return results


def _linked(fact: Fact, fact_file: str, source: str, links: list[LinkResult]) -> FactResult:
    """A fact against one source that mentions it, its acceptances applied."""
    links_judged, stale = apply_acceptances(fact, source, links)
    return FactResult(fact, fact_file, source, links_judged, stale)


def _published(fact_file: FactFile, parsed: ParsedSource) -> date | None:
    """The fact file's ``published`` map first, then what the source itself says."""
    for pattern, day in fact_file.published:
        if matches_glob(parsed.path, pattern):
            return date.fromisoformat(day)
    return parsed.published


def _owner(path: str, count: int) -> int:
    """Which of ``count`` processes parses ``path``: the same answer in every process."""
    return int(hashlib.sha1(path.encode()).hexdigest()[:8], 16) % count


def _display(path: Path, rootdir: Path) -> str:
    try:
        return path.resolve().relative_to(rootdir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
