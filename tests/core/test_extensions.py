"""The extension points the higher apps fill in from their AppConfig.ready()."""

from __future__ import annotations

import datetime as dt
import threading

from ansinh.core import extensions
from ansinh.core.management.commands.serve import _run_task


def test_the_apps_register_what_the_lower_layers_show_and_start():
    # The person page: the household's poverty status above the benefits, then the merit records; the
    # household page: the status.
    assert [p.name for p in extensions.person_panels] == ["poverty_status", "benefits", "merit"]
    assert [p.name for p in extensions.household_panels] == ["poverty_status"]
    assert list(extensions.person_payment_lines.keys()) == ["payments"]
    assert "unemployment-benefit" in extensions.calculators
    assert set(extensions.startup_tasks.keys()) == {"refresh-reports", "warm-matching"}
    # The demo runs bottom-up: people, who signs the documents, their households' poverty review, their
    # benefits, the people with merit among them, the support programmes, this month's payments, the labour
    # market, claims on it, and the report figures that count all of them.
    assert extensions.demo_steps.keys() == [
        "registry",
        "documents",
        "poverty",
        "benefits",
        "merit",
        "programmes",
        "payments",
        "labour",
        "unemployment",
        "reports",
    ]


def test_registering_again_replaces():
    registry: extensions.Registry[str] = extensions.Registry("test")
    registry.register("b", "second", order=2)
    registry.register("a", "first", order=1)
    registry.register("b", "second again", order=2)
    assert list(registry) == ["first", "second again"]


def test_a_startup_task_runs_once_and_a_failure_does_not_reach_the_server(caplog):
    calls = []

    def boom():
        calls.append(1)
        raise RuntimeError("index build failed")

    _run_task(extensions.StartupTask("boom", boom), threading.Event())
    assert calls == [1]
    assert "start-up task boom failed" in caplog.text


def test_a_periodic_startup_task_runs_until_the_server_stops():
    stop = threading.Event()
    calls = []

    def tick():
        calls.append(1)
        if len(calls) == 3:
            stop.set()

    _run_task(extensions.StartupTask("tick", tick, every=dt.timedelta(0)), stop)
    assert len(calls) == 3
