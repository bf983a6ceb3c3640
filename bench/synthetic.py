"""Synthetic data: a complete data directory with FACTOR x the curated facts.

    python bench/synthetic.py --factor 100 --out DIR [--seed N] [--data data/]

Writes every CSV of ``data/`` (same columns) into ``DIR``: the real curated rows,
unchanged, so KC's panels keep their data, plus synthetic rows until ``facts.csv``
holds FACTOR x the curated facts and ``excerpts.csv`` FACTOR x the curated excerpts:

- synthetic competitors and peers (``SYN_C0001``, ``SYN_P0001``; kind competitor /
  peer), each with quarters, fiscal years, market-share half-years (competitors) or
  market values and TTM ratios (peers) over a span of years going back;
- KC's own history going back before the curated years (quarters, fiscal years,
  market-share half-years beside Alibaba Cloud's and Tencent Cloud's; 2015 is left
  out so nothing is derived across the seam), and other sources restating KC's
  figures word for word; a few disagree, always as approximations ("about"), so
  ``conflicts`` grows while the figures KC's panels show stay exactly as curated;
- more sources, excerpts, financing rounds and events, up to what the id patterns of
  ``kctui/build.py`` allow (S999, r99, v999). Fact ids stay four digits while they
  fit (f5000...) and run from f10000 beyond that (the build takes up to six digits).

Every row passes ``kctui build --check``: each ``as_stated`` is written first
("RMB1.23B", "12.3%", "12.3 One hundred million yuan") and its ``value`` is what
:func:`kctui.core.amounts.parse_amount` reads from it; each excerpt's text is built from the
clauses that carry its facts' words. Stated growth and margins are computed from the
same underlying numbers as the amounts, so derived figures agree with them (within
rounding) except where a disagreement is injected on purpose.

Deterministic for a given seed and factor. Measured on a shared 2-vCPU Xeon VM (where
``sum(range(10**6))`` takes 110 ms): 5x 0.07 s, 100x 0.7-1.5 s, 1000x (240,000 facts)
6-9 s, most of it building the rows and writing the CSVs; the parse is memoised.
"""

from __future__ import annotations

import argparse
import csv
import gc
import hashlib
import math
import random
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kctui.build.rules import SCHEMAS, SOURCES_FOLDER  # noqa: E402
from kctui.core.amounts import parse_amount  # noqa: E402

DATA = ROOT / "data"

# Id limits of kctui/build.py's ID_PATTERNS: S\d{3}, r\d{2}, v\d{3}, e\d{3}-\d{2,3}.
MAX_SOURCES = 1000
MAX_ROUND = 99
MAX_EVENT = 999
MAX_EXCERPTS_PER_SOURCE = 999

# Shares of the synthetic facts.
KC_SHARE = 0.15  # KC's history going back and restatements of KC's figures
RESTATE_RATE = 0.08  # another source states the same figure again
CONFLICT_RATE = 0.12  # of restatements: a different figure (a conflict)
APPROX_RATE = 0.03
ESTIMATE_RATE = 0.02
LAST_YEAR = 2025
# KC's synthetic years end here: 2015 stays a gap, so no growth is derived for the
# curated FY2016 from a synthetic FY2015.
KC_LAST_SYNTHETIC_YEAR = 2014

PREFIXES = [
    "Nimbus",
    "Aurora",
    "Cirrus",
    "Stratus",
    "Zephyr",
    "Granite",
    "Harbor",
    "Meridian",
    "Summit",
    "Cascade",
    "Quartz",
    "Beacon",
    "Vertex",
    "Lumen",
    "Orbit",
    "Pioneer",
    "Sequoia",
    "Tundra",
    "Vector",
    "Willow",
    "Jade",
    "Lotus",
    "Phoenix",
    "Dragon",
    "Pearl",
    "Bamboo",
    "Crane",
    "Lantern",
    "Silk",
    "Tiger",
]
SUFFIXES = ["Cloud", "Compute", "Data", "Networks", "Systems", "Digital", "Tech", "Infra"]
PUBLISHERS = (
    "Synthetic Securities Research",
    "Example Financial Daily",
    "Placeholder Tech Review",
    "Bench Markets Wire",
    "Mock Industry Analysis",
    "Sample Capital Notes",
)
EVENT_TEXTS = (
    "Opened a new data centre region",
    "Announced a partnership with a state-owned enterprise",
    "Launched a large-model training platform",
    "Changed its chief executive",
    "Won a government cloud tender",
    "Completed a restructuring of its cloud business",
)


# Column positions in facts.csv and financing_rounds.csv rows (lists, in SCHEMAS order).
FACT = {c: i for i, c in enumerate(SCHEMAS["facts"])}
ROUND = {c: i for i, c in enumerate(SCHEMAS["financing_rounds"])}
F_EXCERPT = FACT["excerpt_id"]
CURRENCY_PREFIX = {"CNY": "RMB", "USD": "US$", "HKD": "HK$"}
LEAD = {"reported": "", "approx": "about ", "estimate": "expected by analysts at "}
F_ID, F_ENTITY, F_METRIC, F_PERIOD, F_VALUE, F_UNIT, F_QUALIFIER, F_AS_STATED, F_READING = (
    FACT[c]
    for c in (
        "fact_id",
        "entity",
        "metric",
        "period",
        "value",
        "unit",
        "qualifier",
        "as_stated",
        "reading",
    )
)


class Item:
    """A fact or financing round (a CSV row) waiting for its excerpt, and its words."""

    __slots__ = ("clause", "excerpt_column", "row", "topic")

    def __init__(self, row: list[str], clause: str, topic: str, excerpt_column: int) -> None:
        self.row = row
        self.clause = clause
        self.topic = topic
        self.excerpt_column = excerpt_column


@dataclass
class Plan:
    """How many rows of each table to write."""

    facts: int
    excerpts: int
    sources: int
    rounds: int
    events: int


@dataclass
class Generator:
    """Builds the synthetic rows; everything random comes from one seeded ``Random``."""

    real: dict[str, list[list[str]]]
    factor: float
    seed: int
    rng: random.Random = field(init=False)
    labels: dict[str, str] = field(init=False)
    names: dict[str, str] = field(init=False)
    items: list[Item] = field(default_factory=list)
    restated: list[Item] = field(default_factory=list)
    entities: list[list[str]] = field(default_factory=list)
    _parsed: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.labels = {m[0]: m[1] for m in self.real["metrics"]}  # metric, label
        self.names = {e[0]: e[1] for e in self.real["entities"]}  # entity, name

    # --- numbers and their words ------------------------------------------------------

    def value_text(self, as_stated: str, reading: str = "") -> str:
        """The ``value`` column for ``as_stated``: what the build will read from it.

        Memoised: the parse costs more than everything else a fact needs, and amounts
        rounded to three or four digits repeat a lot.
        """
        key = as_stated if not reading else f"{as_stated}\0{reading}"
        text = self._parsed.get(key)
        if text is None:
            text = self._parsed[key] = repr(parse_amount(as_stated, reading).value)
        return text

    def money_words(self, value: float, currency: str) -> str:
        style = self.rng.random()
        if currency == "CNY":
            if style < 0.25 and value >= 1e7:
                return f"{value / 1e8:.1f} One hundred million yuan"
            if style < 0.35 and value >= 1e9:
                return f"{value / 1e9:.3f} billion yuan"
        prefix = CURRENCY_PREFIX[currency]
        if value >= 1e9:
            return f"{prefix}{value / 1e9:.2f}B"
        return f"{prefix}{value / 1e6:.1f}M"

    def words(self, value: float, unit: str) -> str:
        if unit == "%":
            return f"{value:.1f}%"
        if unit in CURRENCY_PREFIX:
            return self.money_words(value, unit)
        if unit == "x":
            return f"{value:.1f}"
        return str(round(value))  # count

    # --- facts ------------------------------------------------------------------------

    def fact(self, entity: str, metric: str, period: str, value: float, unit: str) -> None:
        """Queue a fact stating ``value`` (its words rounded as a source would write them).

        Mostly reported; a few approximate ("about") or analysts' estimates.
        """
        draw = self.rng.random()
        qualifier = (
            "reported"
            if draw >= APPROX_RATE + ESTIMATE_RATE
            else "approx"
            if draw < APPROX_RATE
            else "estimate"
        )
        as_stated = self.words(value, unit)
        clause = (
            f"{self.names[entity]} {self.labels[metric]} for {period} was "
            f"{LEAD[qualifier]}{as_stated}"
        )
        self.items.append(
            self._fact_item(entity, metric, period, unit, qualifier, as_stated, "", "", clause)
        )

    def _fact_item(
        self,
        entity: str,
        metric: str,
        period: str,
        unit: str,
        qualifier: str,
        as_stated: str,
        reading: str,
        note: str,
        clause: str,
    ) -> Item:
        value = self.value_text(as_stated, reading)
        row = ["", entity, metric, period, value, unit, qualifier, as_stated, reading, "", note]
        topic = TOPIC.get(metric, "results") if qualifier != "estimate" else "estimates"
        return Item(row, clause, topic, F_EXCERPT)

    def restate(self, item: Item, may_disagree: bool = True) -> tuple[Item, bool]:
        """Another source states ``item``'s figure: the same, or (sometimes) not.

        Returns the new statement and whether it disagrees.
        """
        r = item.row
        unit, value = r[F_UNIT], float(r[F_VALUE])
        conflict = (
            may_disagree
            and unit in ("CNY", "USD", "HKD", "%")
            and self.rng.random() < CONFLICT_RATE
        )
        qualifier, lead = r[F_QUALIFIER], ""
        if conflict:
            # An approximate dissent ("about"), far enough off to clear the 10% an
            # approximation allows: it is listed in conflicts but never becomes the shown
            # figure, so KC's curated panels and derived figures stay as curated.
            shifted = value * self.rng.choice((0.75, 0.8, 1.2, 1.25))
            if unit != "%":
                shifted = abs(shifted)
            as_stated, reading, qualifier, lead = self.words(shifted, unit), "", "approx", "about "
            note = "Synthetic: disagrees with the other statements of this figure"
        else:
            # The same words: re-worded at another precision, the most precise wording
            # would become the shown figure and could contradict the stated growth.
            as_stated, reading = r[F_AS_STATED], r[F_READING]
            note = "Synthetic restatement" + (" (reading as the original)" if reading else "")
        entity, metric, period = r[F_ENTITY], r[F_METRIC], r[F_PERIOD]
        name = self.names.get(entity, entity)
        label = self.labels.get(metric, metric)
        clause = f"{name} {label} for {period} was {lead}{as_stated}"
        restated = self._fact_item(
            entity, metric, period, unit, qualifier, as_stated, reading, note, clause
        )
        return restated, conflict

    # --- blocks -----------------------------------------------------------------------

    def quarterly_series(self, years: list[int], start: float) -> dict[str, float]:
        """Revenue per quarter, walking back from ``start`` with 0-25% yearly growth."""
        out: dict[str, float] = {}
        value = start
        for year in sorted(years, reverse=True):
            for q in (4, 3, 2, 1):
                out[f"{year}Q{q}"] = value
                value /= 1 + self.rng.uniform(-0.02, 0.06)
        return out

    def results_block(
        self,
        entity: str,
        years: list[int],
        currency: str,
        start_revenue: float,
        budget: Callable[[], bool],
        *,
        market_share: bool,
    ) -> None:
        """Quarters and fiscal years (and market-share half-years) of one entity."""
        revenue = self.quarterly_series(years, start_revenue)
        margin = {p: self.rng.uniform(5, 35) for p in revenue}
        loss_ratio = {p: self.rng.uniform(0.02, 0.4) for p in revenue}
        share = self.rng.uniform(0.5, 12)
        for year in sorted(years, reverse=True):
            if not budget():
                return
            for q in (4, 3, 2, 1):
                p = f"{year}Q{q}"
                self.fact(entity, "revenue", p, revenue[p], currency)
                if self.rng.random() < 0.7:
                    self.fact(entity, "gross_profit", p, revenue[p] * margin[p] / 100, currency)
                if self.rng.random() < 0.6:
                    self.fact(entity, "net_loss", p, revenue[p] * loss_ratio[p], currency)
                prev = f"{year - 1}Q{q}"
                if prev in revenue and currency == "CNY" and self.rng.random() < 0.5:
                    yoy = (revenue[p] / revenue[prev] - 1) * 100
                    self.fact(entity, "revenue_yoy", p, yoy, "%")
            quarters = [f"{year}Q{q}" for q in (1, 2, 3, 4)]
            fy_revenue = sum(revenue[p] for p in quarters)
            self.fact(entity, "revenue", f"FY{year}", fy_revenue, currency)
            fy_margin = sum(revenue[p] * margin[p] for p in quarters) / fy_revenue
            self.fact(entity, "gross_margin", f"FY{year}", fy_margin, "%")
            before = [f"{year - 1}Q{q}" for q in (1, 2, 3, 4)]
            if all(p in revenue for p in before) and currency == "CNY":
                yoy = (fy_revenue / sum(revenue[p] for p in before) - 1) * 100
                self.fact(entity, "revenue_yoy", f"FY{year}", yoy, "%")
            if market_share:
                for half in (2, 1):
                    share = max(0.1, share * self.rng.uniform(0.85, 1.15))
                    if self.rng.random() < 0.8:
                        self.fact(entity, "market_share", f"{year}H{half}", share, "%")
                    if self.rng.random() < 0.4:
                        rank = self.rng.randint(1, 12)
                        self.fact(entity, "market_rank", f"{year}H{half}", rank, "count")

    def peer_block(self, entity: str, years: list[int], budget: Callable[[], bool]) -> None:
        """A listed peer: USD results, year-end market values, TTM ratios."""
        revenue = self.quarterly_series(years, self.rng.uniform(5e7, 2e9))
        cap = self.rng.uniform(2e8, 5e10)
        for year in sorted(years, reverse=True):
            if not budget():
                return
            for q in (4, 3, 2, 1):
                p = f"{year}Q{q}"
                self.fact(entity, "revenue", p, revenue[p], "USD")
                if self.rng.random() < 0.5:
                    self.fact(
                        entity, "net_loss", p, revenue[p] * self.rng.uniform(0.01, 0.3), "USD"
                    )
            self.fact(
                entity,
                "revenue",
                f"FY{year}",
                sum(revenue[f"{year}Q{q}"] for q in (1, 2, 3, 4)),
                "USD",
            )
            self.fact(entity, "market_cap", f"{year}-12-31", cap, "USD")
            cap *= self.rng.uniform(0.6, 1.4)
        if budget():
            ttm = f"TTM{max(years)}Q4"  # trailing figures end with the peer's last quarter
            self.fact(entity, "pe_ttm", ttm, self.rng.uniform(-40, 80), "x")
            self.fact(entity, "roe_ttm", ttm, self.rng.uniform(-20, 30), "%")
            self.fact(entity, "revenue_ttm", ttm, revenue.get(f"{max(years)}Q4", 1e8) * 4, "USD")
            self.fact(entity, "revenue_ttm_yoy", ttm, self.rng.uniform(-10, 40), "%")

    def new_entity(self, number: int) -> tuple[str, str]:
        kind = "peer" if self.rng.random() < 0.3 else "competitor"
        entity = f"SYN_{'P' if kind == 'peer' else 'C'}{number:04d}"
        name = f"{self.rng.choice(PREFIXES)} {self.rng.choice(SUFFIXES)} {number}"
        ticker = f"NASDAQ:SY{number:04d}" if kind == "peer" else ""
        self.names[entity] = name
        note = f"Synthetic {kind} (bench/synthetic.py, seed {self.seed})"
        self.entities.append([entity, name, kind, ticker, note])
        return entity, kind

    def generate_facts(self, count: int) -> None:
        """Queue ``count`` synthetic facts: KC's share first, then other entities."""
        if count <= 0:
            return
        kc_budget = round(count * KC_SHARE)

        # KC's history going back, with Alibaba Cloud's and Tencent Cloud's market
        # shares beside it (the dashboard's market-share section).
        back = min(45, max(1, round(2 * math.sqrt(self.factor))))
        years = list(range(KC_LAST_SYNTHETIC_YEAR + 1 - back, KC_LAST_SYNTHETIC_YEAR + 1))
        start = len(self.items)

        def kc_left() -> bool:
            return len(self.items) - start < kc_budget * 0.3

        self.results_block("KC", years, "CNY", 4e8, kc_left, market_share=True)
        for rival, base in (("ALIBABA_CLOUD", 40.0), ("TENCENT_CLOUD", 9.0)):
            if rival not in self.names:
                continue
            for year in sorted(years, reverse=True):
                if not kc_left():
                    break
                for half in (2, 1):
                    base = max(1.0, base * self.rng.uniform(0.9, 1.1))
                    self.fact(rival, "market_share", f"{year}H{half}", base, "%")
        # Other sources restating KC's figures (curated and synthetic).
        kc_facts = [
            Item(r, "", "", 0)
            for r in self.real["facts"]
            if r[F_ENTITY] == "KC" and r[F_QUALIFIER] in ("reported", "approx")
        ]
        kc_facts += [i for i in self.items[start:] if i.row[F_ENTITY] == "KC"]
        # Round robin, so each is restated about equally often; a quarter of them get
        # one dissenting source at most (each dissent conflicts with every agreeing
        # restatement, so more would make the conflicts grow with the square).
        self.rng.shuffle(kc_facts)
        dissented: set[int] = set()
        k = 0
        while len(self.items) - start < kc_budget and kc_facts:
            i = k % len(kc_facts)
            item, disagrees = self.restate(kc_facts[i], i % 4 == 0 and i not in dissented)
            if disagrees:
                dissented.add(i)
            self.items.append(item)
            k += 1

        # Competitors and peers until the count is reached; their restatements come
        # last, so they land in other sources than the first statement.
        target = count - round((count - len(self.items)) * RESTATE_RATE / (1 + RESTATE_RATE))
        max_span = min(40, 6 + int(math.sqrt(self.factor)))
        number = 0

        def left() -> bool:
            return len(self.items) < target

        while left():
            number += 1
            entity, kind = self.new_entity(number)
            span = self.rng.randint(3, max_span)
            last = LAST_YEAR - self.rng.randint(0, 4)
            years = list(range(last - span + 1, last + 1))
            if kind == "peer":
                self.peer_block(entity, years, left)
            else:
                scale = self.rng.choice((1e7, 1e8, 1e9))
                self.results_block(
                    entity, years, "CNY", scale * self.rng.uniform(1, 9), left, market_share=True
                )
        del self.items[target:]
        pool = self.items[start + kc_budget :] or self.items
        while len(self.items) + len(self.restated) < count:
            self.restated.append(self.restate(self.rng.choice(pool))[0])
        self.items += self.restated
        del self.items[count:]

    def generate_rounds(self, count: int, first_number: int) -> list[Item]:
        """KC financing rounds before the curated ones (monthly, going back from 2011)."""
        out = []
        year, month = 2011, 12
        investors = ("Synthetic Ventures", "Example Capital", "Bench Partners", "Mock Fund")
        for k in range(count):
            number = first_number + k
            amount = self.rng.uniform(1e6, 9e7)
            as_stated = f"US${amount / 1e6:.1f}M"
            who = self.rng.choice(investors)
            name = f"Seed-{number}"
            values = {
                "round_id": f"r{number:02d}",
                "announced": f"{year}-{month:02d}",
                "round": name,
                "amount": self.value_text(as_stated),
                "currency": "USD",
                "investors": who,
                "as_stated": as_stated,
                "reading": "",
                "excerpt_id": "",
                "note": f"Synthetic round (bench/synthetic.py, seed {self.seed})",
            }
            row = [values[c] for c in SCHEMAS["financing_rounds"]]
            clause = f"In {year}-{month:02d} Kingsoft Cloud raised {as_stated} in a {name} round from {who}"
            out.append(Item(row, clause, "financing", ROUND["excerpt_id"]))
            month -= 1
            if month == 0:
                year, month = year - 1, 12
        return out


TOPIC = {
    "market_share": "market_share",
    "market_rank": "market_share",
    "market_cap": "stock",
    "pe_ttm": "stock",
    "roe_ttm": "stock",
    "revenue_ttm": "peers",
    "revenue_ttm_yoy": "peers",
}


def read_data(data: Path) -> dict[str, list[list[str]]]:
    """Every curated CSV as rows of text in SCHEMAS order (blank rows dropped)."""
    out = {}
    for table, columns in SCHEMAS.items():
        path = data / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = tuple(h.strip() for h in next(reader, []))
            if header != columns:
                raise SystemExit(f"{path}: columns {header}, expected {columns}")
            out[table] = [row for row in reader if any(v.strip() for v in row)]
    return out


def plan(real: dict[str, list[list[str]]], factor: float) -> Plan:
    """Row counts for ``factor``: facts and excerpts scale exactly, the rest up to their caps."""

    def scaled(table: str, cap: int) -> int:
        return max(len(real[table]), min(cap, round(len(real[table]) * factor)))

    return Plan(
        facts=round(len(real["facts"]) * factor),
        excerpts=round(len(real["excerpts"]) * factor),
        sources=scaled("sources", MAX_SOURCES),
        rounds=scaled("financing_rounds", MAX_ROUND),
        events=scaled("events", MAX_EVENT),
    )


def _max_id(rows: list[list[str]]) -> int:
    return max((int(r[0][1:]) for r in rows), default=0)


def generate(out: Path, factor: float, seed: int = 1, data: Path = DATA) -> dict[str, int]:
    """Write the synthetic data directory; return the row count of each CSV."""
    # Hundreds of thousands of small lists and nothing cyclic: the collector's passes
    # over them would cost a third of the run.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _generate(out, factor, seed, data)
    finally:
        if enabled:
            gc.enable()


def _generate(out: Path, factor: float, seed: int, data: Path) -> dict[str, int]:
    if factor < 1:
        raise ValueError("factor must be at least 1")
    real = read_data(data)
    p = plan(real, factor)
    gen = Generator(real, factor, seed)
    rng = gen.rng

    rounds = gen.generate_rounds(
        p.rounds - len(real["financing_rounds"]), _max_id(real["financing_rounds"]) + 1
    )
    gen.generate_facts(p.facts - len(real["facts"]))
    items = gen.items + rounds

    # Fact ids follow the curated ones: four digits while they fit (f5000...), else
    # from f10000 (kctui/build.py accepts up to six digits).
    first = (_max_id(real["facts"]) // 1000 + 1) * 1000
    if first + len(gen.items) > 10000:
        first = 10000
    for k, item in enumerate(gen.items, first):
        item.row[F_ID] = f"f{k:04d}"

    # Sources and excerpts: the items in order, in contiguous runs per excerpt and per
    # source, so a source speaks of a few entities and restatements land elsewhere.
    taken = {int(r[0][1:]) for r in real["sources"]}
    n_sources = p.sources - len(real["sources"])
    n_excerpts = min(max(1, p.excerpts - len(real["excerpts"])), len(items))
    if items and n_sources == 0:
        n_sources = 1  # just above 1x the new excerpts still need a source
    if n_excerpts > n_sources * MAX_EXCERPTS_PER_SOURCE:
        raise SystemExit(f"factor {factor:g} needs more excerpts than the excerpt ids allow")
    numbers = [n for n in range(MAX_SOURCES) if n not in taken][:n_sources]
    if len(numbers) < n_sources:
        raise SystemExit("no source ids left (S000-S999)")
    note = f"Synthetic source (bench/synthetic.py, seed {seed}, factor {factor:g})"
    sources = [
        [
            f"S{n:03d}",
            f"S{n:03d}.txt",
            "",  # the sha256, once the document is written below
            f"Synthetic report {n}: {rng.choice(PREFIXES)} cloud market review",
            rng.choice(PUBLISHERS),
            f"{rng.randint(2000, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "no",
            rng.choices(("en", "de", "zh"), (8, 1, 1))[0],
            "",
            f"https://example.com/synthetic/{n}" if rng.random() < 0.5 else "",
            note,
        ]
        for n in numbers
    ]
    excerpts = []
    n_items = len(items)
    source, seq = -1, 0
    for k in range(n_excerpts):
        s = k * n_sources // n_excerpts
        if s != source:
            source, seq = s, 0
        seq += 1
        excerpt_id = f"e{numbers[s]:03d}-{seq:03d}"
        group = items[k * n_items // n_excerpts : (k + 1) * n_items // n_excerpts]
        for item in group:
            item.row[item.excerpt_column] = excerpt_id
        text = "; ".join([item.clause for item in group]) + "."
        # Each excerpt is the next line of its source's document.
        excerpts.append(
            [excerpt_id, f"S{numbers[s]:03d}", str(seq), str(seq), text, group[0].topic]
        )

    synthetic_entities = [e[0] for e in gen.entities] or ["KC"]
    events = []
    first_event = _max_id(real["events"]) + 1
    for number in range(first_event, first_event + p.events - len(real["events"])):
        if number > MAX_EVENT or not excerpts:
            break
        day = f"{rng.randint(1995, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        entity = rng.choice(synthetic_entities)
        excerpt_id = rng.choice(excerpts)[0]
        events.append(
            [f"v{number:03d}", day, entity, rng.choice(EVENT_TEXTS), excerpt_id, "Synthetic event"]
        )

    tables = {
        "sources": real["sources"] + sources,
        "excerpts": real["excerpts"] + excerpts,
        "entities": real["entities"] + gen.entities,
        "metrics": real["metrics"],
        "facts": real["facts"] + [i.row for i in gen.items],
        "financing_rounds": real["financing_rounds"] + [i.row for i in rounds],
        "events": real["events"] + events,
        "conflict_causes": real["conflict_causes"],
    }
    out.mkdir(parents=True, exist_ok=True)
    _write_documents(out, data, sources, excerpts)
    for table, columns in SCHEMAS.items():
        with (out / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(tables[table])
    return {table: len(rows) for table, rows in tables.items()}


def _write_documents(
    out: Path, data: Path, sources: list[list[str]], excerpts: list[list[str]]
) -> None:
    """The curated documents as they are, and one per synthetic source: its excerpts, a
    line each (the excerpts' line numbers say so); each sha256 goes into its row."""
    folder = out / SOURCES_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for document in (data / SOURCES_FOLDER).glob("*.txt"):
        shutil.copyfile(document, folder / document.name)
    lines: dict[str, list[str]] = {}
    for excerpt in excerpts:
        lines.setdefault(excerpt[1], []).append(excerpt[4])
    for row in sources:
        body = "\n".join(lines.get(row[0], ["(no excerpts)"])) + "\n"
        (folder / row[1]).write_text(body, encoding="utf-8")
        row[2] = hashlib.sha256(body.encode("utf-8")).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=float, default=100, help="x the curated facts (>= 1)")
    parser.add_argument("--out", type=Path, required=True, help="directory to write the CSVs to")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=DATA, help="curated data (default: data/)")
    args = parser.parse_args()
    start = time.perf_counter()
    counts = generate(args.out, args.factor, args.seed, args.data)
    took = time.perf_counter() - start
    summary = ", ".join(f"{n} {t}" for t, n in counts.items())
    print(f"wrote {args.out} ({summary}) in {took:.2f} s")


if __name__ == "__main__":
    main()
