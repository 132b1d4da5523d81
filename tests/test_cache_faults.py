"""Faults are survived (SPEC section 9): the cache and the sharing of work between processes.

A cache entry is checked before it is used and cannot run code: a changed bit, a cut-short
file, an entry of another type or a pickle that calls something is a miss, never an error
or a different result. A cache folder that cannot be made, read or written is one line in
``ParseCache.problem`` and no error. pytest-xdist workers never wait for one another: a
worker does its share, takes what the others have put in the cache and does the rest. A
long sentence is held once however many mentions it has, and accepting a figure a source
repeats costs one look through the acceptances.
"""

from __future__ import annotations

import copyreg
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest

import checks.run.acceptances as acceptances_module
import checks.run.cache as cache_module
from checks.extract.pipeline import parse_source
from checks.facts.factfile import load_fact_file
from checks.facts.values import parse_tolerance, parse_value
from checks.judge.selfchecks import Finding, SourceReading
from checks.judge.verdicts import Judgement
from checks.model.errors import SourceError
from checks.model.intervals import Interval
from checks.model.kinds import Kind, Verdict
from checks.model.mentions import ParsedSource, QuantityMention
from checks.read.sources import SourceText
from checks.run.acceptances import apply_acceptances
from checks.run.cache import MAGIC, ParseCache, encode_entry
from checks.run.engine import (
    Engine,
    LinkResult,
    Settings,
    SourceLinks,
    check_parsed,
)

FACTS = """\
title: Faults
names:
  United States: [US, Washington]
facts:
  - id: us-aid
    amount: more than 66.5 billion USD
    about: [United States, provided]
    accept:
      - source: sources/c_accepted.txt
        says: about $64bn
        reason: the writer rounds
  - id: allies
    count: 32
    of: [allies, members]
    about: [NATO]
  - id: summit-day
    date: 2025-06-24
    about: [summit]
  - id: spending
    amount: 2 percent
    about: [GDP]
"""

SOURCES = {
    "a_story.txt": "The US provided more than $66.5 billion to Ukraine.\n"
    "All 32 allies of NATO met at the summit on 24 June 2025.\n",
    "b_wrong.txt": "Sidebar: 12 people read this.\r\n"
    "The US provided about $60bn of that.\r\n"
    "All 31 members of NATO agreed at the summit on 25 June 2025.\r\n",
    "c_accepted.txt": "The US provided about $64bn of that, and spent 2% of GDP.\n",
    "d_page.html": "<html><head><script>var x = '$9bn';</script></head><body>"
    "<p>NATO has 32 members; each spends 2.5% of GDP.</p></body></html>",
    "e_post.md": "---\npublished: 2025-06-20\n---\n# Summit\n\nThe summit opens on "
    "Tuesday, 24 June 2025; 3/4 of the 32 allies sent ministers.\n",
    "f_quote.txt": 'The ministers said "we will spend more" at the summit in 2025.\n',
    "g_empty.txt": "",
    "h_binary.txt": "\x00\x01binary\x00",
}


def make_project(root: Path) -> Path:
    (root / "expectations").mkdir(parents=True, exist_ok=True)
    (root / "expectations" / "faults.yaml").write_text(FACTS, encoding="utf-8")
    (root / "sources").mkdir(exist_ok=True)
    for name, text in SOURCES.items():
        (root / "sources" / name).write_text(text, encoding="utf-8", newline="")
    return root


def settings_for(root: Path) -> Settings:
    return Settings(root, source_globs=("sources/*",))


def run_engine(root: Path, cache: ParseCache | None = None, share: tuple[int, int] | None = None):
    """Everything a run works out: the fact file's results, the self-checks, the source
    errors and (sources read from the cache, sources parsed)."""
    engine = Engine(settings_for(root), cache=cache, share=share)
    fact_file = engine.load_fact_file(root / "expectations" / "faults.yaml")
    results = engine.check_file(fact_file)
    findings = engine.self_check()
    errors = {path: str(error) for path, error in engine.source_errors.items()}
    return results, findings, errors, engine.parse_counts


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture
def parsed(nlp) -> ParsedSource:
    text = (
        "On Tuesday, 24 June 2025, NATO's 32 allies agreed to spend 3.5% of GDP, "
        "about $1.2 trillion, on defence.\nThe US provided 3/4 of it.\n"
    )
    return parse_source(nlp, SourceText("sources/s.txt", text, "hash-of-s", None))


def entry_file(cache: ParseCache, parsed: ParsedSource) -> Path:
    return cache.directory / f"{cache.key(parsed.content_hash, parsed.path)}.pickle"


# ---- entries are checked --------------------------------------------------------------------


def test_an_entry_reads_back_as_it_was_written(tmp_path, parsed):
    cache = ParseCache(tmp_path / "cache", "builtin")
    cache.put(parsed)
    assert cache.get(parsed.content_hash, parsed.path) == parsed
    # The same text under another name.
    assert cache.get(parsed.content_hash, "sources/t.txt") == replace(parsed, path="sources/t.txt")
    assert entry_file(cache, parsed).read_bytes().startswith(MAGIC)
    assert cache.problem is None


def test_every_changed_bit_is_a_miss_never_another_value(tmp_path, parsed):
    cache = ParseCache(tmp_path / "cache", "builtin")
    cache.put(parsed)
    path = entry_file(cache, parsed)
    good = path.read_bytes()
    # Every bit of the header and of the pickle's own header (protocol, frame length), and
    # bits spread over the rest.
    offsets = sorted(
        set(range(min(len(good), 120))) | set(range(120, len(good), 37)) | {len(good) - 1}
    )
    different = []
    for offset in offsets:
        for bit in (0, 1, 4, 7) if offset >= 120 else range(8):
            damaged = bytearray(good)
            damaged[offset] ^= 1 << bit
            path.write_bytes(bytes(damaged))
            found = cache.get(parsed.content_hash, parsed.path)  # never raises
            if found is not None and found != parsed:
                different.append((offset, bit))
            assert found is None, (offset, bit)
    assert not different
    assert cache.problem is not None and "damaged" in cache.problem
    assert "\n" not in cache.problem
    path.write_bytes(good)
    assert cache.get(parsed.content_hash, parsed.path) == parsed


def test_a_changed_byte_in_the_pickles_frame_header_is_a_miss(tmp_path, parsed):
    cache = ParseCache(tmp_path / "cache", "builtin")
    cache.put(parsed)
    path = entry_file(cache, parsed)
    data = bytearray(path.read_bytes())
    payload = len(MAGIC) + 2 + data[len(MAGIC) + 1] + 32  # after the header and digest
    frame = payload + 2  # PROTO and its number, then FRAME and an 8-byte length
    assert data[payload] == pickle.PROTO[0] and data[frame] == pickle.FRAME[0]
    for change in (1, 0x10, 0xFF):
        damaged = bytearray(data)
        damaged[frame + 1] ^= change
        path.write_bytes(bytes(damaged))
        assert cache.get(parsed.content_hash, parsed.path) is None


def test_a_cut_short_entry_is_a_miss(tmp_path, parsed):
    cache = ParseCache(tmp_path / "cache", "builtin")
    cache.put(parsed)
    path = entry_file(cache, parsed)
    good = path.read_bytes()
    for length in (0, 1, len(MAGIC), len(MAGIC) + 2, 60, 100, len(good) // 2, len(good) - 1):
        path.write_bytes(good[:length])
        assert cache.get(parsed.content_hash, parsed.path) is None, length


def with_header(payload: bytes, type_name: str) -> bytes:
    """An entry as this code writes one, around any pickle: the header and digest are right,
    so only the decoding itself can refuse it."""
    import hashlib

    name = type_name.encode("ascii")
    head = MAGIC + bytes((cache_module.FORMAT_VERSION, len(name))) + name
    return head + hashlib.sha256(head + payload).digest() + payload


PARSED_NAME = "checks.model.mentions.ParsedSource"


def test_an_entry_of_another_type_is_a_miss(tmp_path, parsed):
    cache = ParseCache(tmp_path / "cache", "builtin")
    cache.put(parsed)
    path = entry_file(cache, parsed)
    reading = SourceReading((Finding("sources/s.txt", 1, 1, "weekday", "no"),), ())
    wrong_values = [
        encode_entry(reading),  # another entry type's entry
        with_header(pickle.dumps(reading, protocol=5), PARSED_NAME),  # the header lies
        with_header(pickle.dumps({"path": parsed.path}, protocol=5), PARSED_NAME),
        with_header(pickle.dumps(replace(parsed, sentences=None), protocol=5), PARSED_NAME),
        with_header(pickle.dumps(replace(parsed, content_hash="another"), protocol=5), PARSED_NAME),
        pickle.dumps(parsed, protocol=5),  # a bare pickle (no header)
        pickle.dumps([1, 2, 3], protocol=2),
    ]
    for data in wrong_values:
        path.write_bytes(data)
        assert cache.get(parsed.content_hash, parsed.path) is None, data[:40]
    # Derived entries: the reader says what it expects.
    key = cache.derived_key(parsed.content_hash, parsed.path, "links|x|sentence")
    cache.put_derived(key, reading)
    assert cache.get_derived(key, SourceLinks) is None
    assert cache.get_derived(key, SourceReading) == reading
    cache.put_derived(key, SourceLinks((("allies", "not a link"),)))
    assert cache.get_derived(key, SourceLinks) is None


class Call:
    """Pickles as a call of ``function(*arguments)``: what a hostile entry would hold."""

    def __init__(self, function, *arguments) -> None:
        self.function, self.arguments = function, arguments

    def __reduce__(self):
        return self.function, self.arguments


def hostile_pickles(marker: Path) -> list[bytes]:
    import builtins
    import subprocess

    touch = f"touch {marker}"
    write = f"open({str(marker)!r}, 'w').write('ran')"
    pickles = [
        pickle.dumps(Call(function, argument), protocol=protocol)
        for function, argument in (
            (os.system, touch),
            (builtins.exec, write),
            (builtins.eval, write),
            (subprocess.call, ["touch", str(marker)]),
        )
        for protocol in (0, 2, 5)
    ]
    # A call hidden inside an allowed record (the record's field holds the call's result).
    pickles.append(pickle.dumps(SourceError(Call(os.system, touch), "sources/s.txt"), protocol=5))
    # A global named through dots, which the default unpickler follows attribute by attribute.
    pickles.append(
        b"\x80\x04"
        + short_text("os")
        + short_text("path.os.system")
        + pickle.STACK_GLOBAL
        + short_text(touch)
        + pickle.TUPLE1
        + pickle.REDUCE
        + pickle.STOP
    )
    return pickles


def short_text(text: str) -> bytes:
    """Pickle's SHORT_BINUNICODE of ``text``."""
    data = text.encode()
    return pickle.SHORT_BINUNICODE + bytes((len(data),)) + data


def test_an_entry_that_would_run_code_is_a_miss_and_runs_nothing(tmp_path, parsed):
    cache = ParseCache(tmp_path / "cache", "builtin")
    path = entry_file(cache, parsed)
    path.parent.mkdir(parents=True)
    marker = tmp_path / "the-code-ran"
    for payload in hostile_pickles(marker):
        for data in (
            payload,
            with_header(payload, PARSED_NAME),
            with_header(payload, "checks.model.errors.SourceError"),
        ):
            path.write_bytes(data)
            assert cache.get(parsed.content_hash, parsed.path) is None
            assert not marker.exists()
            key = cache.derived_key(parsed.content_hash, parsed.path, "self-check")
            (cache.directory / f"{key}.pickle").write_bytes(data)
            assert cache.get_derived(key, SourceReading) is None
            assert not marker.exists()
    assert cache.problem is not None and "damaged" in cache.problem


def test_a_problem_quoting_a_damaged_entry_is_one_printable_line(tmp_path, parsed):
    cache = ParseCache(tmp_path / "cache", "builtin")
    path = entry_file(cache, parsed)
    path.parent.mkdir(parents=True)
    payload = (
        b"\x80\x04"
        + short_text("os\n\x1b[2J" + "x" * 240)
        + short_text("system")
        + pickle.STACK_GLOBAL
        + pickle.STOP
    )
    path.write_bytes(with_header(payload, PARSED_NAME))
    assert cache.get(parsed.content_hash, parsed.path) is None
    assert cache.problem is not None and "damaged" in cache.problem
    assert cache.problem.isprintable() and len(cache.problem) <= 300
    assert cache.problem.endswith("...")
    assert "\\x1b" in cache.problem


def test_copyregs_extension_codes_go_through_the_allow_list(tmp_path, parsed):
    cache = ParseCache(tmp_path / "cache", "builtin")
    path = entry_file(cache, parsed)
    path.parent.mkdir(parents=True)
    marker = tmp_path / "the-code-ran"
    code = 0x7FFF_FFF0
    copyreg.add_extension("os", "system", code)
    try:
        # The function comes from copyreg's table of codes, not from a name in the pickle.
        payload = (
            b"\x80\x02"
            + pickle.EXT4
            + code.to_bytes(4, "little")
            + short_text(f"touch {marker}")
            + pickle.TUPLE1
            + pickle.REDUCE
            + pickle.STOP
        )
        path.write_bytes(with_header(payload, PARSED_NAME))
        assert cache.get(parsed.content_hash, parsed.path) is None
    finally:
        copyreg.remove_extension("os", "system", code)
    assert not marker.exists()


def test_a_real_runs_entries_all_read_back(project):
    """Every class a real run's entries hold is on the allow-list: a warm run takes every
    entry from the cache (a class missing from the list would make each one a miss)."""
    folder = project / ".cache"
    cold = run_engine(project, ParseCache(folder, "builtin"))
    assert cold[3][1] > 0  # sources were parsed
    misses = []

    class Counting(ParseCache):
        def _read(self, key, expected):
            found = super()._read(key, expected)
            if found is None:
                misses.append(key)
            return found

    warm_cache = Counting(folder, "builtin")
    warm = run_engine(project, warm_cache)
    assert warm[:3] == cold[:3]
    assert warm[3][1] == 0  # nothing parsed
    assert misses == [] and warm_cache.problem is None
    assert cold[:3] == run_engine(project)[:3]  # the same as without a cache


# ---- a folder that cannot be used ------------------------------------------------------------


def test_a_folder_that_cannot_be_written_is_one_problem_and_one_try(tmp_path, parsed, monkeypatch):
    tries = []

    def refused(*args, **kwargs):
        tries.append(kwargs.get("dir"))
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache_module.tempfile, "mkstemp", refused)
    cache = ParseCache(tmp_path / "cache", "builtin")
    for index in range(5):
        cache.put(replace(parsed, content_hash=f"hash-{index}"))
        cache.put_derived(f"key-{index}", SourceReading((), ()))
        cache.put(SourceError("not checked", "sources/s.txt"), "hash-of-s")
    assert len(tries) == 1
    assert cache.problem == (
        f"the cache folder {tmp_path / 'cache'} cannot be written "
        "(Permission denied); nothing is kept for the next run"
    )
    assert cache.get(parsed.content_hash, parsed.path) is None


def test_a_folder_inside_a_file_is_no_cache_and_no_error(tmp_path, parsed):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = ParseCache(blocker / "cache", "builtin")
    cache.put(parsed)
    cache.put_derived("key", SourceReading((), ()))
    assert cache.get(parsed.content_hash, parsed.path) is None
    assert cache.get_derived("key", SourceReading) is None
    assert cache.problem is not None and "cannot be written" in cache.problem


def test_unreadable_entries_are_misses(tmp_path, parsed):
    cache = ParseCache(tmp_path / "cache", "builtin")
    entry_file(cache, parsed).mkdir(parents=True)  # a folder where the entry should be
    assert cache.get(parsed.content_hash, parsed.path) is None
    assert cache.problem is not None and "cannot be read" in cache.problem
    # The file itself is the folder: reading anything from it fails the same way.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    inside_a_file = ParseCache(blocker, "builtin")
    assert inside_a_file.get(parsed.content_hash, parsed.path) is None
    assert inside_a_file.get_derived("key", SourceReading) is None
    assert "cannot be read" in inside_a_file.problem


def test_the_constructor_never_raises(parsed):
    for directory in (None, object(), 42):
        cache = ParseCache(directory, "builtin")
        cache.put(parsed)
        assert cache.get(parsed.content_hash, parsed.path) is None
    assert ParseCache(object(), "builtin").problem is not None

    def cannot_make():
        raise FileExistsError(17, "File exists")

    cache = ParseCache.made_with(cannot_make, "builtin")
    assert cache.problem == (
        "the cache folder cannot be made (File exists); running without a cache"
    )
    cache.put(parsed)
    assert cache.get(parsed.content_hash, parsed.path) is None


def test_the_first_problem_is_the_one_kept(tmp_path, parsed, monkeypatch):
    cache = ParseCache(tmp_path / "cache", "builtin")
    cache.put(parsed)
    entry_file(cache, parsed).write_bytes(b"garbage")
    assert cache.get(parsed.content_hash, parsed.path) is None
    first = cache.problem
    monkeypatch.setattr(
        cache_module.tempfile,
        "mkstemp",
        lambda **kwargs: (_ for _ in ()).throw(OSError(28, "No space left")),
    )
    cache.put(replace(parsed, content_hash="other"))
    assert cache.problem == first


# ---- no worker waits for another ------------------------------------------------------------


def no_sleeping(*args):
    raise AssertionError("the engine waited")


@pytest.mark.parametrize("cache_kind", ["writable", "unwritable"])
def test_a_worker_whose_partner_never_comes_checks_every_source_itself(
    project, cache_kind, monkeypatch, tmp_path
):
    alone = run_engine(project)
    if cache_kind == "writable":
        folder = tmp_path / "cache"
    else:
        (tmp_path / "a-file").write_text("")
        folder = tmp_path / "a-file" / "cache"
    monkeypatch.setattr(time, "sleep", no_sleeping)
    started = time.monotonic()
    for number in (0, 1):  # either worker, its partner never doing its share
        cache = ParseCache(folder, "builtin")
        results, findings, errors, _ = run_engine(project, cache, share=(number, 2))
        assert (results, findings, errors) == alone[:3]
        shutil.rmtree(folder, ignore_errors=True)
    assert time.monotonic() - started < 120


def test_a_worker_takes_what_its_partner_has_done(project, tmp_path, monkeypatch):
    monkeypatch.setattr(time, "sleep", no_sleeping)
    folder = tmp_path / "cache"
    first = run_engine(project, ParseCache(folder, "builtin"), share=(0, 2))
    second = run_engine(project, ParseCache(folder, "builtin"), share=(1, 2))
    assert second[:3] == first[:3] == run_engine(project)[:3]
    from_cache, parsed_here = second[3]
    assert parsed_here == 0 and from_cache > 0


def test_a_worker_takes_from_its_own_share_what_another_has_done_meanwhile(
    project, tmp_path, monkeypatch
):
    """A worker that starts late finds, batch by batch, what a faster one did of its share."""
    monkeypatch.setattr(time, "sleep", no_sleeping)
    folder = tmp_path / "cache"
    fast = run_engine(project, ParseCache(folder, "builtin"), share=(0, 2))  # does it all

    class Late(ParseCache):
        """Misses every entry the first time it is asked for: as if the other worker wrote
        it just after the engine's first look."""

        asked: set = set()

        def _read(self, key, expected):
            if key not in self.asked:
                self.asked.add(key)
                return None
            return super()._read(key, expected)

    late = run_engine(project, Late(folder, "builtin"), share=(1, 2))
    assert late[:3] == fast[:3]
    assert late[3][1] == 0  # nothing parsed: all taken from the cache


def test_parsed_sources_are_shared_without_waiting(project, tmp_path, monkeypatch):
    monkeypatch.setattr(time, "sleep", no_sleeping)
    alone = Engine(settings_for(project)).parsed()
    for number in (0, 1):
        engine = Engine(
            settings_for(project),
            cache=ParseCache(tmp_path / f"c{number}", "builtin"),
            share=(number, 2),
        )
        assert engine.parsed() == alone


def test_the_wait_is_gone():
    assert not hasattr(Engine, "_wait_for")


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder this user cannot write in (root writes in any folder whatever its mode)."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    for candidate in (folder, Path("/sys"), Path("/proc/self")):
        try:
            handle, name = tempfile.mkstemp(dir=candidate)
        except OSError:
            if candidate.is_dir():
                return candidate
            continue
        os.close(handle)
        os.unlink(name)
    pytest.skip("no folder here that this user cannot write in")


def report_records(root: Path) -> list:
    """What facts.json says of each fact and source (not what it may say of the run)."""
    return json.loads((root / "reports" / "facts.json").read_text(encoding="utf-8"))["results"]


def test_two_workers_with_a_cache_they_cannot_write_finish_promptly(pytester, tmp_path):
    make_project(pytester.path)
    pytester.makeini("[pytest]\ntestpaths = expectations\nfacts_sources = sources/*\n")
    reference = pytester.runpytest_subprocess("-p", "no:cacheprovider", timeout=300)
    expected = reference.parseoutcomes()
    reference_records = report_records(pytester.path)
    # pytest's cache folder is there, but its folder for parsed sources cannot be written.
    entries = pytester.path / ".pytest_cache" / "d"
    entries.mkdir(parents=True)
    (entries / "facts-parsed").symlink_to(unwritable_folder(tmp_path), target_is_directory=True)
    started = time.monotonic()
    # Before, each worker waited 600 s for the other's share, twice (parsing, linking).
    result = pytester.runpytest_subprocess("-n", "2", timeout=240)
    assert time.monotonic() - started < 240
    assert result.parseoutcomes() == expected
    assert report_records(pytester.path) == reference_records
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


# ---- a long sentence is held once -----------------------------------------------------------


def test_a_long_sentences_links_share_one_copy_of_it(nlp, tmp_path):
    fact_file = load_fact_file(
        "expectations/allies.yaml",
        "title: t\nfacts:\n  - id: allies\n    count: 32\n    of: [allies]\n    about: [NATO]\n",
        parse_value,
        parse_tolerance,
    )
    text = (
        "NATO counted "
        + ", ".join(f"{n % 90 + 1} allies" for n in range(3000))
        + ".\nNATO has 32 allies.\n"
    )
    source = parse_source(nlp, SourceText("sources/long.txt", text, "hash-of-long", None))
    tracemalloc.start()
    try:
        links = check_parsed(source, fact_file)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(links) == 3001
    long_sentence = [link for _, link in links if link.line == 1]
    assert len({id(link.sentence) for link in long_sentence}) == 1
    assert len(long_sentence[0].sentence) > 30_000
    # Before, each link held its own copy: 3,000 x 33 KB, about 100 MB.
    assert peak < 20 * 2**20
    # Kept in the cache and read back, the links still share the one copy.
    cache = ParseCache(tmp_path / "cache", "builtin")
    cache.put_derived("key", SourceLinks(tuple((fact.id, link) for fact, link in links)))
    back = cache.get_derived("key", SourceLinks)
    assert len({id(link.sentence) for _, link in back.links if link.line == 1}) == 1


def test_a_repeated_figure_looks_through_the_acceptances_once(monkeypatch):
    fact_file = load_fact_file("expectations/aid.yaml", FACTS, parse_value, parse_tolerance)
    fact = fact_file.facts[0]
    template = fact.accept[0]
    others = tuple(replace(template, says=f"about ${n}bn", reason=f"r{n}") for n in range(100, 400))
    fact = replace(fact, accept=(*others, template))
    says_calls = []
    real_says = acceptances_module._says
    monkeypatch.setattr(
        acceptances_module, "_says", lambda *args: says_calls.append(1) or real_says(*args)
    )

    def link(text: str, verdict: Verdict) -> LinkResult:
        mention = QuantityMention(Kind.AMOUNT, text, 0, len(text), 0, 0, 1, Interval.exact(64))
        return LinkResult(
            mention,
            1,
            1,
            "The sentence.",
            Judgement(verdict, "[63.5, 64.5)", "(66.5, +inf)", "below"),
        )

    links = [link("about  $64bn", Verdict.CONTRADICTION) for _ in range(300)] + [
        link("$70bn", Verdict.CONSISTENT) for _ in range(300)
    ]
    judged, stale = apply_acceptances(fact, "sources/c_accepted.txt", links)
    assert [j.verdict for j in judged[:300]] == [Verdict.ACCEPTED] * 300
    assert judged[300:] == tuple(links[300:])
    assert judged[0].judgement.detail.endswith("the writer rounds")
    assert stale == others
    # One look through the 301 entries for the one text, not one per link (90,300 before).
    assert len(says_calls) <= 301


def test_the_code_fingerprint_covers_every_stage(tmp_path):
    """An edited rule in any stage's package must not read parses the old rule made: the
    fingerprint of a copy of the package changes when a module two packages away from the
    cache changes."""
    package = Path(cache_module.__file__).resolve().parents[1]
    copy = tmp_path / "checks"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))

    def fingerprint() -> str:
        script = "from checks.run.cache import ENGINE_KEY; print(ENGINE_KEY)"
        run = subprocess.run(
            [sys.executable, "-c", script],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(tmp_path)},
            capture_output=True,
            text=True,
            check=True,
        )
        return run.stdout.strip()

    before = fingerprint()
    assert before == fingerprint()  # (the same code, the same key)
    dates = copy / "extract" / "dates.py"
    dates.write_text(dates.read_text(encoding="utf-8") + "\n# an edited rule\n", "utf-8")
    assert fingerprint() != before


def test_an_engine_failure_cached_by_one_grain_is_that_sources_error_in_the_other(
    tmp_path, monkeypatch
):
    """The pair grain caches the engine's failure on a source under the links key the
    source grain reads: the source grain then reports that source's error (it failed on
    reading the cached error as links before)."""
    import checks.extract.pipeline

    (tmp_path / "seeds").mkdir()
    for name in ("a.txt", "odd.txt"):
        (tmp_path / "seeds" / name).write_text("NATO has 32 members.\n", encoding="utf-8")
    facts = tmp_path / "facts.yaml"
    facts.write_text(
        "facts:\n  - id: members\n    count: 32\n    of: [members]\n    about: [NATO]\n",
        encoding="utf-8",
    )
    real = checks.extract.pipeline.to_parsed

    def fails_on_odd(doc, source):
        if source.path.endswith("odd.txt"):
            raise IndexError("list index out of range")
        return real(doc, source)

    def engine() -> Engine:
        made = Engine(Settings(rootdir=tmp_path))
        made.cache = ParseCache(tmp_path / "cache", "builtin")
        return made

    monkeypatch.setattr(checks.extract.pipeline, "to_parsed", fails_on_odd)
    first = engine()
    first.check_file(first.load_fact_file(facts))  # the pair grain's way
    monkeypatch.undo()
    later = engine()
    fact_file = later.load_fact_file(facts)
    assert [r.fact.id for r in later.check_source(fact_file, "seeds/a.txt")] == ["members"]
    with pytest.raises(SourceError, match="the engine failed on this source"):
        later.check_source(fact_file, "seeds/odd.txt")
