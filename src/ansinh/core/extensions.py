"""Extension points: where a lower layer shows or starts something a higher app owns.

Layers run core ← geo ← accounts ← registry/web ← regimes ← reports ← project wiring, and nothing imports
upwards. When the person page (registry/web) must show a benefits panel, the calculator (benefits) must know
the unemployment benefit, `serve` (core) must warm the matching indexes, or `demo-setup` (accounts) must run
every app's demo loader, the higher app registers the piece here from its `AppConfig.ready()` and the lower
one iterates what was registered. Registration is keyed, so a second `ready()` (tests, autoreload) replaces
rather than duplicates.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from ansinh.core.actors import Actor


class Registry[T]:
    """Named items in a stable order (`order`, then the key)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, tuple[int, T]] = {}

    def register(self, key: str, item: T, *, order: int = 100) -> T:
        self._items[key] = (order, item)
        return item

    def unregister(self, key: str) -> None:
        self._items.pop(key, None)

    def get(self, key: str) -> T | None:
        entry = self._items.get(key)
        return entry[1] if entry else None

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def keys(self) -> list[str]:
        return [key for key, _ in self._sorted()]

    def __iter__(self) -> Iterator[T]:
        return (item for _, item in self._sorted())

    def _sorted(self) -> list[tuple[str, T]]:
        ordered = sorted(self._items.items(), key=lambda kv: (kv[1][0], kv[0]))
        return [(key, entry[1]) for key, entry in ordered]


# --- the person page (registry/web) ------------------------------------------------------------------


@dataclass(frozen=True)
class PersonPanel:
    """A section of the person page. `context(actor, person)` returns the panel's data, or None when the
    actor may not see it; the page puts it in its context under `name` and includes `template`."""

    name: str
    template: str
    context: Callable[[Actor, Any], Any]


person_panels: Registry[PersonPanel] = Registry("person_panels")


# --- the household page (registry/web) ---------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdPanel:
    """A section of the household page, as `PersonPanel` is of the person page: `context(actor, household)`
    returns the panel's data, or None when the actor may not see it."""

    name: str
    template: str
    context: Callable[[Actor, Any], Any]


household_panels: Registry[HouseholdPanel] = Registry("household_panels")


# --- payment lines of a person (shown by the benefits history, recorded by payments) ------------------

PersonPaymentLines = Callable[[Any, int], list[Any]]
person_payment_lines: Registry[PersonPaymentLines] = Registry("person_payment_lines")


def payment_lines_of(person: Any, limit: int) -> list[Any]:
    """The person's most recent payment lines from every registered source, newest first per source."""
    lines: list[Any] = []
    for source in person_payment_lines:
        lines.extend(source(person, limit))
    return lines[:limit]


# --- benefit calculators ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Calculator:
    """A regime the public calculator answers for that is not enrolled in benefits. `module` has the rules
    module's face: `parse(data, strict=...)`, `check(facts, params)`, `monthly_amount(facts, params)`."""

    name: str  # as in URLs and on the command line: "unemployment-benefit"
    regime: str  # the value the rules use: "unemployment_benefit"
    module: Any
    uses_params: bool = True  # False: the rules read their own tables, not the benefits parameters


calculators: Registry[Calculator] = Registry("calculators")


# --- work started with the server (`ansinh serve`) ----------------------------------------------------


@dataclass(frozen=True)
class StartupTask:
    """Run in a background thread when the server starts: once, or every `every` until it stops.

    `per_process`: run in every serving process (work that fills a process's own memory, such as an
    index); otherwise once for the whole server (work that queues jobs or writes to the database)."""

    name: str
    run: Callable[[], object]
    every: dt.timedelta | None = None
    per_process: bool = False


startup_tasks: Registry[StartupTask] = Registry("startup_tasks")


# --- demo data (`ansinh demo-setup`) ------------------------------------------------------------------


@dataclass(frozen=True)
class DemoContext:
    province: str
    seed: int
    options: dict[str, Any]
    stdout: TextIO


@dataclass(frozen=True)
class DemoStep:
    """One app's demo loader. Each step does nothing when its data is already there."""

    name: str
    run: Callable[[DemoContext], None]
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None


demo_steps: Registry[DemoStep] = Registry("demo_steps")


# --- regimes enrolled in benefits whose law lives in a higher app --------------------------------------


@dataclass(frozen=True)
class EnrolledRegime:
    """A regime whose enrolments, decisions and payments run through benefits and payments while its law
    lives in the app that registers it (merit: Ordinance 02/2020, the allowance tables in merit/data).

    `module` has the face of a benefits rules module: `parse(data, strict=...)`, `check(facts, params)`,
    `monthly_amount(facts, params)` returning a result with `eligible`, `monthly_amount`, `lines`, `notes`,
    `clause`, `citations`, `provisional`, and `funeral_support(*, on, province, params)`. `level_key` is the
    legal parameter that drives the amounts (for the "from this month" notes), `level_note` its sentence
    with `%(month)s` and `%(amount)s`."""

    regime: str
    module: Any
    level_key: str = ""
    level_note: Any = ""


enrolled_regimes: Registry[EnrolledRegime] = Registry("enrolled_regimes")


# --- national legal parameters kept by a higher app -------------------------------------------------------

# Each source returns rows (dicts with key, valid_from, valid_to, value, citation, confidence, note) that
# benefits copies into its LegalParameter table with its own packaged rows, so that a level recorded later
# than a month was paid triggers difference arrears in the payment cycles whichever app owns the law.
LegalRows = Callable[[], list[dict[str, Any]]]
legal_parameter_sources: Registry[LegalRows] = Registry("legal_parameter_sources")
