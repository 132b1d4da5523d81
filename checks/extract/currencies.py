"""Currencies as sources write them, from CLDR (through Babel): ISO 4217 codes, symbols and
English names, built once per process.

CLDR knows every code, its English display and plural names ("Hungarian forints") and the
symbol each country writes ("Ft", "R$", "₪"). What it cannot settle is English news usage
where a symbol or a bare name is shared ("$", "dollars", "C$"): a short table of news
spellings decides those, and a shared name or symbol not in it is left unread rather than
guessed (currencies never convert, so a wrong currency would hide a contradiction).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import babel.numbers
from babel import Locale, localedata
from babel.core import get_global

# English news spellings that CLDR does not give, or gives to another currency ("C$" is the
# Nicaraguan córdoba in CLDR; in English copy it is the Canadian dollar).
NEWS_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "U.S.$": "USD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "C$": "CAD",
    "Can$": "CAD",
    "CDN$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "NT$": "TWD",
    "R$": "BRL",
    "J$": "JMD",
    "TT$": "TTD",
    "Z$": "ZWL",
    "RMB": "CNY",
    "₿": "BTC",
}
NEWS_NAMES = {
    "dollar": "USD",
    "dollars": "USD",
    "u.s. dollar": "USD",
    "u.s. dollars": "USD",
    "pound": "GBP",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "franc": "CHF",
    "francs": "CHF",
    "rupee": "INR",
    "rupees": "INR",
    "ruble": "RUB",
    "rubles": "RUB",
    "rouble": "RUB",
    "roubles": "RUB",
    "peseta": "ESP",
    "pesetas": "ESP",
    "renminbi": "CNY",
    "rmb": "CNY",
    "reais": "BRL",
    "euro": "EUR",
    "euros": "EUR",
    "bitcoin": "BTC",
    "bitcoins": "BTC",
    "lira": "TRY",
    "liras": "TRY",
}
# Minor units: (currency, value of one in the currency's unit).
MINOR_UNITS = {
    "cent": ("USD", Fraction(1, 100)),
    "cents": ("USD", Fraction(1, 100)),
    "euro cent": ("EUR", Fraction(1, 100)),
    "euro cents": ("EUR", Fraction(1, 100)),
    "eurocent": ("EUR", Fraction(1, 100)),
    "eurocents": ("EUR", Fraction(1, 100)),
    "penny": ("GBP", Fraction(1, 100)),
    "pence": ("GBP", Fraction(1, 100)),
    "p": ("GBP", Fraction(1, 100)),
    "kopeck": ("RUB", Fraction(1, 100)),
    "kopecks": ("RUB", Fraction(1, 100)),
    "kopek": ("RUB", Fraction(1, 100)),
    "kopeks": ("RUB", Fraction(1, 100)),
    "paise": ("INR", Fraction(1, 100)),
    "paisa": ("INR", Fraction(1, 100)),
}
# Bare names that are everyday English words ("real", "won", "mark"), and codes that are
# words or common acronyms in capitals ("TOP 10", "COP 26", "ALL 3", "AMD"): never read alone.
WORD_NAMES = frozenset(
    {
        "real",
        "won",
        "mark",
        "marks",
        "sol",
        "soles",
        "unit",
        "units",
        "gold",
        "silver",
        "dram",
        "lev",
        "pound",
        "pounds",
    }
)
WORD_CODES = frozenset(
    {
        "ALL",
        "TOP",
        "CUP",
        "MAD",
        "TRY",
        "PEN",
        "BOB",
        "SOS",
        "GEL",
        "BAM",
        "MOP",
        "COP",
        "AMD",
        "STD",
        "CHE",
        "BAD",
        "BAN",
        "BEL",
        "ARM",
        "MAF",
        "PES",
        "SUR",
        "NIC",
        "GEK",
        "XXX",
        "XTS",
        "MGA",
        "CUC",
        "AFA",
        "ERN",
        "LUL",
        "DDM",
        "BRC",
        "BRE",
        "BRN",
        "BRR",
        "BRZ",
        "BRB",
        "ATS",
        "ALK",
        "ILS",
        "CVE",
        "MRO",
        "SIT",
        "SKK",
        "NIS",
    }
)
# One-letter symbols ("R", "K", "L") and symbols that are also unit or sports abbreviations.
AMBIGUOUS_SYMBOLS = frozenset(
    {
        "KM",
        "FC",
        "FG",
        "CF",
        "RF",
        "SR",
        "Br",
        "Bs",
        "Db",
        "Ar",
        "Kz",
        "M",
        "T$",
        "\u200b",
        "Nu.",
        "kr",
        "kr.",
        "L",
        "Rs",
        "Rs.",
        "¤",
        "Le",
        "den",
        "Rf",
    }
)


@dataclass(frozen=True)
class CurrencyTables:
    codes: frozenset[str]  # every ISO 4217 code CLDR knows
    symbols: dict[str, str]  # symbol as written -> code (case-sensitive)
    names: dict[str, str]  # lower-case name, singular or plural -> code
    minor: dict[str, tuple[str, Fraction]]
    # Codes of the currencies CLDR gives an English symbol of their own ("$", "€", "HK$"):
    # the ones copy also writes in lower case after a number ("20 usd") and with a scale
    # letter glued on ("120 MEUR", "5 kUSD").
    major: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def tables() -> CurrencyTables:
    """The tables, built once: CLDR's English names and symbols, each country's own symbol
    for its currency, and the news spellings above."""
    codes = frozenset(babel.numbers.list_currencies()) | {"BTC"}
    english = Locale("en")
    current = _current_codes()
    symbols: dict[str, set[str]] = {}
    for code, symbol in english.currency_symbols.items():
        symbols.setdefault(symbol, set()).add(code)
    for code, symbol in _home_symbols().items():
        symbols.setdefault(symbol, set()).add(code)
    chosen: dict[str, str] = {}
    for symbol, owners in symbols.items():
        owners = {c for c in owners if c in codes}
        if len(owners) > 1:
            owners = owners & current
        if len(owners) == 1 and _usable_symbol(symbol) and symbol not in WORD_CODES:
            chosen[symbol] = next(iter(owners))
    for code in codes:
        if code in current and code not in WORD_CODES:
            chosen.setdefault(code, code)
            if any(s.endswith("$") and c == code for s, c in chosen.items()):
                chosen.setdefault(code + "$", code)  # "MXN$", "AUD$"
    chosen.update(NEWS_SYMBOLS)
    for code in ("AUD", "CAD", "MXN", "HKD", "NZD", "SGD", "TWD", "USD"):
        chosen.setdefault(code + "$", code)
    names = _names(english, codes, current)
    major = frozenset(
        c
        for c, s in english.currency_symbols.items()
        if s != c and c in current and c not in WORD_CODES
    )
    return CurrencyTables(codes, chosen, names, dict(MINOR_UNITS), major)


def _usable_symbol(symbol: str) -> bool:
    if symbol in AMBIGUOUS_SYMBOLS or not symbol.strip() or len(symbol) > 6:
        return False
    if len(symbol) == 1 and symbol.isascii() and symbol.isalpha():
        return False
    # Latin letters, currency signs and "$", "." and "/" only: symbols in other scripts
    # ("د.إ.") do not occur in English copy and would only slow the pattern.
    return bool(
        re.fullmatch(r"[A-Za-zÀ-ž.$/\u00a2-\u00a5\u20a0-\u20cf\u0e3f\u058f\u20bf]+", symbol)
    )


def _current_codes() -> frozenset[str]:
    """Codes that are legal tender somewhere today."""
    current = set()
    for entries in get_global("territory_currencies").values():
        for code, _start, end, tender in entries:
            if end is None and tender:
                current.add(code)
    return frozenset(current)


def _home_symbols() -> dict[str, str]:
    """The symbol a territory's own locales write for its currency ("Ft", "zł", "₦"): read
    from each locale's own CLDR data, without the inherited rest (fast), the territory's
    likely language first."""
    likely = get_global("likely_subtags")
    by_territory: dict[str, list[str]] = {}
    for name in sorted(localedata.locale_identifiers(), key=len):
        parts = name.split("_")
        if len(parts) > 1:
            by_territory.setdefault(parts[-1], []).append(name)
    available = {name for names in by_territory.values() for name in names}
    available.update(localedata.locale_identifiers())
    found: dict[str, str] = {}
    for territory in get_global("territory_currencies"):
        codes = [
            c
            for c in babel.numbers.get_territory_currencies(territory, tender=True)
            if c not in found
        ]
        if not codes:
            continue
        language = (likely.get(f"und_{territory}") or "").split("_")[0]
        names = by_territory.get(territory, [])
        names = sorted(names, key=lambda n: n.split("_")[0] != language)
        for name in [*names, language] if language in available else names:
            own = localedata.load(name, merge_inherited=False).get("currency_symbols", {})
            for code in codes:
                symbol = own.get(code)
                if symbol and symbol != code:
                    found.setdefault(code, symbol)
            if all(code in found for code in codes):
                break
    return found


def _names(english: Locale, codes: frozenset[str], current: frozenset[str]) -> dict[str, str]:
    """ "hungarian forint(s)", "forint(s)": full names, and bare head words that name one
    currency in use (or one the news table settles)."""
    full: dict[str, str] = {}
    heads: dict[str, set[str]] = {}
    plural = english._data["currency_names_plural"]
    for code in codes:
        forms = {english.currencies.get(code, "")}
        forms.update(plural.get(code, {}).values())
        for form in forms:
            form = form.lower().strip()
            if not form or not re.fullmatch(r"[a-zà-ž' .-]+", form) or form == code.lower():
                continue
            full.setdefault(form, code)
            head = form.split()[-1]
            if head != form:
                heads.setdefault(head, set()).add(code)
    names = dict(full)
    for head, owners in heads.items():
        if head in WORD_NAMES or head in names:
            continue
        if len(owners) == 1 and owners <= current:
            names[head] = next(iter(owners))
    names.update(NEWS_NAMES)
    for word in WORD_NAMES:
        if word not in NEWS_NAMES:
            names.pop(word, None)
    return names
