"""The Slack endpoint under load: ordinary channel chatter (no trips) sent signed to
`POST /slack/events` of the real `resfri serve` web app, pinned to one CPU core, beside bare
slack-bolt with an empty listener on the same core.

    .venv/bin/python bench/bench_slack.py [--rate 1000] [--seconds 10] [--only resfri|bolt]

Target: >= 1,000 events/s with p99 acknowledgement < 50 ms. The load generator and the fake Slack
Web API (users.info, auth.test) run in this process on another core. Latency is measured from the
moment each request was due (open loop), so a server that falls behind cannot hide it.
For resfri it also reports how long the work after the ack (dedupe insert, users.info, the
conversation core) took to catch up with every event, counted in the database.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "bench-signing-secret"
USERS = [f"U{n:05d}" for n in range(200)]
CHATTER = [
    "Någon som har laddaren till projektorn?",
    "Tack för igår, bra diskussion!",
    "Lunch kl 12 i vanliga stället?",
    "Jag har lagt upp protokollet på intranätet.",
    "Kan någon granska ärendet innan fredag?",
    "Kaffe i fikarummet, det finns bullar",
    "Does anyone know the wifi password for the guest network?",
    "Påminnelse: tidrapporten ska in idag",
]


# --- the server under test (a child process pinned to one core) --------------------------------


def serve(mode: str, port: int, fake_url: str, db_path: str, cpu: int, workers: int | None) -> None:
    os.sched_setaffinity(0, {cpu})
    from aiohttp import web

    if mode == "resfri":
        import adapters.slack
        from adapters.app import build_app
        from adapters.config import Settings
        from adapters.server import make_web_app
        from storage import db

        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_BOT_TOKEN="xoxb-bench",
            SLACK_API_URL=fake_url,
            RESFRI_DEFAULT_ORIGIN="Mora",
            DATABASE_URL=f"sqlite:///{db_path}",
        )
        if workers:
            adapters.slack.WORKERS = workers
        engine = db.make_engine(settings.database_url)
        db.upgrade(engine)
        web_app = make_web_app(build_app(settings, engine), "127.0.0.1", run_scheduler=False)
    else:
        from slack_bolt.async_app import AsyncApp
        from slack_sdk.web.async_client import AsyncWebClient

        bolt = AsyncApp(
            signing_secret=SECRET, client=AsyncWebClient(token="xoxb-bench", base_url=fake_url)
        )

        @bolt.event("message")
        async def empty() -> None:
            return None

        web_app = bolt.web_app(path="/slack/events")  # bolt's own aiohttp server app
    web.run_app(web_app, host="127.0.0.1", port=port, access_log=None, print=None)


# --- load ---------------------------------------------------------------------------------------


def signed(n: int) -> tuple[bytes, dict[str, str]]:
    user = USERS[n % len(USERS)]
    body = {
        "token": "x",
        "team_id": "T_FAKE",
        "api_app_id": "A_FAKE",
        "type": "event_callback",
        "event_id": f"EvBench{n:08d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T_FAKE", "user_id": "U_BOT", "is_bot": True}],
        "event": {
            "type": "message",
            "user": user,
            "text": CHATTER[n % len(CHATTER)],
            "ts": f"{time.time():.6f}",
            "channel": "C_BENCH",
            "channel_type": "channel",
            "team": "T_FAKE",
        },
    }
    raw = json.dumps(body).encode()
    ts = str(int(time.time()))
    sig = (
        "v0="
        + hmac.new(SECRET.encode(), b"v0:" + ts.encode() + b":" + raw, hashlib.sha256).hexdigest()
    )
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": sig,
    }
    return raw, headers


class Connection:
    """A keep-alive HTTP/1.1 connection speaking just enough HTTP to post and read a status:
    far cheaper than a full client, so one load core can outrun the server core."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port

    async def open(self) -> Connection:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        return self

    async def post(self, request: bytes) -> int:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        if length:
            await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


def http_request(n: int) -> bytes:
    raw, headers = signed(n)
    lines = [
        b"POST /slack/events HTTP/1.1",
        b"Host: 127.0.0.1",
        b"Content-Length: " + str(len(raw)).encode(),
    ]
    lines += [f"{k}: {v}".encode() for k, v in headers.items()]
    return b"\r\n".join(lines) + b"\r\n\r\n" + raw


async def open_loop(
    port: int, first: int, rate: float, seconds: float, connections: int = 128
) -> dict[str, float]:
    """Send `rate` events a second for `seconds`; latency counted from when each was due, so
    a request waiting for a free connection counts as waiting for the server."""
    count = int(rate * seconds)
    requests = [http_request(first + i) for i in range(count)]
    loop = asyncio.get_running_loop()
    idle: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(connections):
        idle.put_nowait(await Connection("127.0.0.1", port).open())
    latencies: list[float] = []
    errors = 0

    async def one(i: int, due: float) -> None:
        nonlocal errors
        conn = await idle.get()
        try:
            errors += await conn.post(requests[i]) != 200
        except (OSError, asyncio.IncompleteReadError):
            errors += 1
            conn = await Connection("127.0.0.1", port).open()
        latencies.append(loop.time() - due)
        idle.put_nowait(conn)

    start = loop.time() + 0.05
    tasks = []
    for i in range(count):
        due = start + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    took = loop.time() - start
    while not idle.empty():
        idle.get_nowait().close()
    return summary(latencies, errors, count / took, count)


async def closed_loop(port: int, first: int, count: int, concurrency: int) -> dict[str, float]:
    """As fast as the server answers with `concurrency` requests in flight."""
    requests = [http_request(first + i) for i in range(count)]
    latencies: list[float] = []
    errors = 0
    queue = iter(range(count))

    async def worker() -> None:
        nonlocal errors
        conn = await Connection("127.0.0.1", port).open()
        for i in queue:
            t0 = time.perf_counter()
            errors += await conn.post(requests[i]) != 200
            latencies.append(time.perf_counter() - t0)
        conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    took = time.perf_counter() - t0
    return summary(latencies, errors, count / took, count)


def summary(latencies: list[float], errors: int, rate: float, count: int) -> dict[str, float]:
    ms = sorted(x * 1000 for x in latencies)
    return {
        "events": count,
        "rate": rate,
        "p50": statistics.median(ms),
        "p99": ms[int(len(ms) * 0.99) - 1],
        "max": ms[-1],
        "errors": errors,
    }


def cpu_seconds(pid: int) -> float:
    """CPU time the server process has used (user + system): a figure other load on the
    machine does not inflate, unlike latency."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def wait_until_handled(db_path: str, count: int, timeout: float = 120) -> float | None:
    """Seconds until the database has deduplicated every event (the work after the ack)."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        with sqlite3.connect(db_path) as conn:
            done = conn.execute("select count(*) from processedevent").fetchone()[0]
        if done >= count:
            return time.perf_counter() - t0
        await asyncio.sleep(0.1)
    return None


async def bench(mode: str, args: argparse.Namespace, fake_url: str) -> dict[str, object]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = tempfile.mkdtemp(prefix="resfri-bench-")
    db_path = os.path.join(tmp, "bench.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "RESFRI_"))}
    child = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            mode,
            "--port",
            str(port),
            "--fake",
            fake_url,
            "--db",
            db_path,
            "--cpu",
            str(args.server_cpu),
            "--workers",
            str(args.workers or 0),
        ],
        env=env,
        cwd=tmp,
    )
    try:
        for _ in range(200):  # wait for it to listen
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                    break
            except OSError:
                if child.poll() is not None:
                    raise SystemExit(f"the {mode} server did not start") from None
                await asyncio.sleep(0.1)
        n = 0
        warm = await open_loop(port, n, 400, 2)  # every user's profile fetched once
        n += int(warm["events"])
        if mode == "resfri":
            await wait_until_handled(db_path, n)
        cpu0 = cpu_seconds(child.pid)
        steady = await open_loop(port, n, args.rate, args.seconds)
        n += int(steady["events"])
        caught_up = await wait_until_handled(db_path, n) if mode == "resfri" else 0.0
        cpu_ms = (cpu_seconds(child.pid) - cpu0) * 1000 / steady["events"]
        burst = await closed_loop(port, n, args.burst, 64)
        return {"steady": steady, "burst": burst, "caught_up": caught_up, "cpu_ms": cpu_ms}
    finally:
        child.kill()  # the backlog of the burst is not of interest
        child.wait(10)


async def main(args: argparse.Namespace) -> None:
    os.sched_setaffinity(0, {args.load_cpu})
    from tests.fakes.slack_api import FakeSlackAPI

    fake = await FakeSlackAPI().start()
    for user in USERS:
        fake.add_user(user)
    results = {}
    for mode in ("bolt", "resfri") if args.only is None else (args.only,):
        results[mode] = await bench(mode, args, fake.url)
        fake.calls.clear()
    await fake.stop()

    load = os.getloadavg()[0]
    print(
        f"\nSlack endpoint, channel chatter, server on CPU {args.server_cpu} "
        f"(load on CPU {args.load_cpu}), {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {load:.1f} at the end"
    )
    print(
        f"open loop {args.rate:.0f} events/s for {args.seconds:.0f} s; burst: {args.burst} "
        "events, 64 in flight\n"
    )
    print(
        f"{'':28}{'steady ev/s':>12}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}{'errors':>7}"
        f"{'burst ev/s':>11}{'burst p99':>10}{'CPU ms/ev':>10}"
    )
    for mode, r in results.items():
        s, b = r["steady"], r["burst"]  # type: ignore[index]
        name = "resfri /slack/events" if mode == "resfri" else "slack-bolt, empty listener"
        print(
            f"{name:28}{s['rate']:>12.0f}{s['p50']:>8.1f}{s['p99']:>8.1f}{s['max']:>8.1f}"
            f"{s['errors']:>7.0f}{b['rate']:>11.0f}{b['p99']:>10.1f}{r['cpu_ms']:>10.2f}"
        )
    print(
        "\nCPU ms/ev: the server's CPU time per event over the steady run, including (for resfri)"
        " the work after the ack until it caught up; 1000 / it = events/s one free core sustains."
    )
    if "resfri" in results:
        r = results["resfri"]
        if r["caught_up"] is None:
            print("resfri: the work after the ack had NOT caught up 120 s after the load")
        else:
            print(
                f"resfri: the work after the ack (dedupe, users.info, core) caught up "
                f"{r['caught_up']:.1f} s after the last event"
            )
        s = r["steady"]
        ok = s["rate"] >= 0.98 * args.rate and s["p99"] < 50 and not s["errors"]
        print(f"target ({args.rate:.0f} events/s, p99 ack < 50 ms): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=1000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--burst", type=int, default=5000)
    parser.add_argument("--only", choices=("resfri", "bolt"))
    parser.add_argument("--server-cpu", type=int, default=0)
    parser.add_argument("--load-cpu", type=int, default=min(1, (os.cpu_count() or 1) - 1))
    parser.add_argument("--workers", type=int, help="resfri's event workers (default: its own)")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--fake", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--cpu", type=int, help=argparse.SUPPRESS)
    ns = parser.parse_args()
    if ns.serve:
        serve(ns.serve, ns.port, ns.fake, ns.db, ns.cpu, ns.workers)
    else:
        asyncio.run(main(ns))
