"""The sources' admin commands as an operator runs them: real processes, a real database file."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from datetime import date, timedelta
from pathlib import Path

import aiohttp
from sqlmodel import Session, select

from storage.db import make_engine
from storage.models import IcsFeed, TripRecord
from tests.fakes.graph_api import FakeGraph
from tests.test_cli import resfri


def trips_csv(path: Path, start: date, days: int, every: int, bad: list[str] = ()) -> int:
    """Travel records as an organisation exports them (Swedish headers, semicolons)."""
    lines = ["Datum;Från;Till;Färdsätt;Enhet;Referens"]
    towns = ["Stockholm", "Mora", "Borlänge", "Uppsala", "Göteborg"]
    n = 0
    for i in range(0, days, every):
        day = start + timedelta(days=i)
        lines.append(
            f"{day.isoformat()};Falun;{towns[i % 5]};{'tåg' if i % 2 else 'bil'};"
            f"Socialtjänst;R-{day.isoformat()}-{i}"
        )
        n += 1
    lines[3:3] = bad
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


def test_a_year_of_trips_is_imported_keeping_good_rows_and_shows_against_the_baseline(tmp_path):
    assert resfri("db", "upgrade", cwd=tmp_path).returncode == 0
    bad = ["2025-13-01;Falun;Mora;bil;Socialtjänst;X-1", "2025-03-02;Falun;Mora;raket;;X-2"]
    n2025 = trips_csv(tmp_path / "2025.csv", date(2025, 1, 1), 365, 2, bad)
    run = resfri("import-trips", "2025.csv", cwd=tmp_path)
    assert run.returncode == 1  # some rows were bad: the operator must notice
    assert f"{n2025} trip(s) imported" in run.stdout
    assert "line 4: date" in run.stderr and "line 5: mode" in run.stderr

    again = resfri("import-trips", "2025.csv", cwd=tmp_path)  # the same file twice adds nothing
    assert f"{n2025} trip(s) imported or already present" in again.stdout
    engine = make_engine(f"sqlite:///{tmp_path / 'resfri.db'}")
    with Session(engine) as s:
        assert len(list(s.exec(select(TripRecord)))) == n2025
    engine.dispose()

    admin = resfri(
        "chat",
        "--user",
        "boss",
        "--lang",
        "sv",
        cwd=tmp_path,
        stdin="statistik baslinje 2025\n",
        RESFRI_ADMINS="boss",
    )
    assert f"Baslinje satt: {n2025} resor år 2025" in admin.stdout.replace("\u00a0", "")

    n2026 = trips_csv(tmp_path / "2026.csv", date(2026, 1, 1), 300, 5)
    assert resfri("import-trips", "2026.csv", cwd=tmp_path).returncode == 0
    out = resfri("report", "--format", "json", "--now", "2026-11-23T12:00", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    target = json.loads(out.stdout)["target"]
    assert target["baseline_trips"] == n2025 and target["baseline_year"] == 2025
    assert target["trips_so_far"] == n2026 and target["change_pct"] < 0


def test_import_trips_refuses_a_missing_file_politely(tmp_path):
    resfri("db", "upgrade", cwd=tmp_path)
    run = resfri("import-trips", "nowhere.csv", cwd=tmp_path)
    assert run.returncode == 2 and "cannot read nowhere.csv" in run.stderr
    assert "Traceback" not in run.stderr


def test_ics_feeds_are_registered_for_a_person(tmp_path):
    resfri("db", "upgrade", cwd=tmp_path)
    run = resfri(
        "ics", "add", "webcal://cal.example.se/anna.ics", "--email", "Anna@Falun.se", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert "registered for anna@falun.se" in run.stdout
    bad = resfri("ics", "add", "ftp://x", "--email", "anna@falun.se", cwd=tmp_path)
    assert bad.returncode == 2 and "http(s)" in bad.stderr
    engine = make_engine(f"sqlite:///{tmp_path / 'resfri.db'}")
    with Session(engine) as s:
        [feed] = s.exec(select(IcsFeed)).all()
    engine.dispose()
    assert feed.url == "https://cal.example.se/anna.ics" and feed.owner_email == "anna@falun.se"


def test_graph_connect_without_credentials_says_what_to_set(tmp_path):
    resfri("db", "upgrade", cwd=tmp_path)
    run = resfri("graph", "connect", "--users", "a@falun.se", cwd=tmp_path)
    assert run.returncode == 2 and "GRAPH_CLIENT_ID" in run.stderr


async def run(*args: str, cwd, env: dict[str, str]) -> tuple[int, str, str]:
    """`resfri ARGS` as a process, without blocking the loop the local fakes answer on."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", *args, cwd=cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_an_admin_connects_lists_and_disconnects_calendars(tmp_path):
    fake = await FakeGraph().start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    public = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("RESFRI_", "GRAPH_"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'resfri.db'}",
        "GRAPH_API_URL": fake.url,
        "GRAPH_CLIENT_ID": fake.client_id,
        "GRAPH_CLIENT_SECRET": fake.client_secret,
        "GRAPH_TENANT_ID": fake.tenant,
        "GRAPH_AUTHORITY_HOST": fake.login,
        "REQUESTS_CA_BUNDLE": fake.ca_file,
        "RESFRI_PUBLIC_URL": public,
    }
    server = None
    try:
        assert (await run("db", "upgrade", cwd=tmp_path, env=env))[0] == 0
        for upn in ("anna.lind@falun.se", "bo.ek@falun.se"):
            fake.add_user(upn)
        server = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "adapters.cli", "serve", "--port", str(port), "--no-scheduler",
            cwd=tmp_path, env=env, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        async with aiohttp.ClientSession() as http:
            for _ in range(300):
                try:
                    async with http.get(f"{public}/healthz") as res:
                        if res.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)

        code, out, err = await run(
            "graph", "connect", "--users", "anna.lind@falun.se,Bo.Ek@falun.se,nobody@falun.se",
            cwd=tmp_path, env=env,
        )
        assert code == 1  # one of three could not be connected: the admin must see it
        assert "2 calendar(s) connected: anna.lind@falun.se, bo.ek@falun.se" in out
        assert "nobody@falun.se: Graph answered 404" in err and "Traceback" not in err
        assert len(fake.subscriptions) == 2 and len(fake.validations) >= 2  # serve answered
        assert {s["notificationUrl"] for s in fake.subscriptions.values()} == {
            f"{public}/graph/notifications"
        }

        code, out, _ = await run("graph", "list", cwd=tmp_path, env=env)
        assert code == 0 and "bo.ek@falun.se\texpires" in out and "2 calendar(s)" in out

        code, out, _ = await run("graph", "disconnect", "--users", "bo.ek@falun.se",
                                 cwd=tmp_path, env=env)
        assert code == 0 and "1 calendar(s) disconnected: bo.ek@falun.se" in out
        [left] = fake.subscriptions.values()
        assert left["resource"] == "users/anna.lind@falun.se/events"
    finally:
        if server is not None:
            server.terminate()
            await server.wait()
        await fake.stop()


async def test_ics_check_says_which_feeds_can_be_read(tmp_path):
    from tests.test_ics import CalendarHost, invite, later

    good, bad = await CalendarHost().start(), await CalendarHost().start()
    good.body, bad.body = invite(later(5)), b"<html>Sign in</html>"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("RESFRI_", "GRAPH_"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'resfri.db'}",
    }
    try:
        assert (await run("db", "upgrade", cwd=tmp_path, env=env))[0] == 0
        for host, email in ((good, "anna@falun.se"), (bad, "bo@falun.se")):
            assert (await run("ics", "add", host.url, "--email", email, cwd=tmp_path, env=env))[0] == 0
        code, out, err = await run("ics", "check", cwd=tmp_path, env=env)
        assert code == 1 and "Traceback" not in err
        assert "(anna@falun.se)" in out and "readable, 1 event(s)" in out
        assert "(bo@falun.se)" in out and "not iCalendar" in out
        assert "polled by `resfri serve` every 60 minutes" in out
    finally:
        await good.runner.cleanup()
        await bad.runner.cleanup()
