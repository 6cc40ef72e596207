"""The periodic tick: claims due outbox rows and delivers them through `app.notifier`.

APScheduler only says "tick now"; the rows in the database are the truth (APScheduler 3 cannot
share a job store between processes). Any number of workers may tick at once: each row is claimed
by one of them, sent, and marked sent only after the platform accepted it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from adapters.app import App
from bot import coaching_delivery
from bot.coaching_delivery import Cancel, Defer
from bot.ports import DeliveryError
from storage import outbox
from storage.db import run_db

log = logging.getLogger(__name__)
TICK_SECONDS = 30
SOURCES_MINUTES = 15  # Graph renewal and delta catch-up, ICS feeds (adapters/sources.py)
BATCH = 20
# Delivered event ids are kept this long to refuse Slack's and Teams' redeliveries and replayed
# travel hooks (all of which come within minutes or hours), then pruned.
DEDUPE_KEEP = timedelta(days=2)
MIN_DEFER = timedelta(minutes=1)
WORKER_ID = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
# Stop sending a batch well before its claims expire, so no other worker can retake a row that
# this one is still sending.
SEND_BUDGET = outbox.CLAIM_TIMEOUT.total_seconds() / 2


async def tick(app: App, now: datetime | None = None, worker: str | None = None) -> int:
    """Run what is due at `now`; returns how many messages were sent."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    worker = worker or WORKER_ID
    config = app.conversation.config
    await run_db(coaching_delivery.plan_periodic, app.repo, config, now)
    sent = 0
    while True:
        rows = await run_db(outbox.claim_due, app.engine, worker, now, BATCH)
        started = time.monotonic()
        for i, row in enumerate(rows):
            if time.monotonic() - started > SEND_BUDGET:  # give the rest back, untouched
                for rest in rows[i:]:
                    await run_db(outbox.defer, app.engine, rest, rest.due_at)
                return sent
            sent += await _deliver(app, row, now)
        if not rows:  # a short batch may only mean another worker won some rows: go on
            return sent


async def _deliver(app: App, row: outbox.Claimed, now: datetime) -> int:
    engine = app.engine
    try:
        plan = await run_db(coaching_delivery.prepare, app.repo, app.conversation.config, row, now)
    except Exception as exc:  # a bug or the database: keep the row, try again later
        log.exception("outbox row %s (%s): could not prepare", row.id, row.kind)
        await run_db(outbox.retry_later, engine, row, now, f"prepare: {exc!r}")
        return 0
    if isinstance(plan, Cancel):
        await run_db(outbox.cancel, engine, row, plan.why)
        return 0
    if isinstance(plan, Defer):
        # Never "due again now": that would spin this tick.
        await run_db(outbox.defer, engine, row, max(plan.until, now + MIN_DEFER))
        return 0
    if not plan.person.address_stale and not app.notifier.can_reach(plan.person):
        # This process has no delivery for that platform (yet): another process or a later
        # start may; don't give up at the first attempt.
        await run_db(
            outbox.retry_later,
            engine,
            row,
            now,
            f"no delivery for platform {plan.person.platform!r} in this process",
        )
        return 0
    try:
        await asyncio.wait_for(app.notifier.send(plan.person, plan.replies), SEND_BUDGET)
    except DeliveryError as exc:
        if exc.retry:
            status = await run_db(outbox.retry_later, engine, row, now, str(exc), exc.retry_after)
            log.warning(
                "outbox row %s (%s) not accepted, %s: %s",
                row.id,
                row.kind,
                "will retry" if status == "due" else "giving up",
                exc,
            )
        else:
            log.warning("outbox row %s (%s) cannot be delivered: %s", row.id, row.kind, exc)
            await run_db(outbox.fail, engine, row, str(exc))
        return 0
    except Exception as exc:  # timeouts, a platform bug: the message may not have gone out
        log.exception("outbox row %s (%s): delivery failed", row.id, row.kind)
        await run_db(outbox.retry_later, engine, row, now, repr(exc))
        return 0
    marked = await run_db(outbox.mark_sent, engine, row, now, coaching_delivery.on_sent(row, now))
    if not marked:
        log.error("outbox row %s (%s) was sent but its claim had expired", row.id, row.kind)
    return 1


@asynccontextmanager
async def platforms(app: App) -> AsyncIterator[None]:
    """Slack's and Teams' deliveries on `app.notifier`, for a process that ticks without serving
    (`resfri worker`): the platform modules are set up exactly as for `resfri serve`, and their
    start-up and clean-up hooks run, but nothing listens."""
    from adapters.server import make_web_app  # it imports this module

    runner = web.AppRunner(make_web_app(app, "127.0.0.1", run_scheduler=False))
    await runner.setup()
    # The browser page polls the process that serves it: messages kept in this process's memory
    # would be marked sent and never seen. Leave them due for a `resfri serve` with the scheduler.
    app.notifier.unregister("web")
    try:
        yield
    finally:
        await runner.cleanup()


def start(app: App) -> AsyncIOScheduler:
    """Start APScheduler on the running loop (3.11 wants one at start)."""
    quiet_apscheduler()
    scheduler = AsyncIOScheduler(timezone=UTC)
    for job, seconds in ((_safe_tick, TICK_SECONDS), (_safe_sources, SOURCES_MINUTES * 60)):
        # one run at a time each; a run missed while the process was busy is not run twice
        scheduler.add_job(job, "interval", seconds=seconds, args=[app], id=job.__name__,
                          max_instances=1, coalesce=True, next_run_time=datetime.now(UTC))
    scheduler.start()
    log.info("scheduler started: due check-ins, reminders and digests every %d s", TICK_SECONDS)
    return scheduler


def quiet_apscheduler() -> None:
    """APScheduler logs every run at INFO ("Running job …", "… executed successfully"), twice a
    minute: keep only its warnings (missed runs, errors), unless someone set its level on
    purpose. Our own lines say what was sent."""
    logger = logging.getLogger("apscheduler")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.WARNING)


async def run_once(app: App, now: datetime) -> int:
    """`resfri worker --once`: what is due in the outbox, then the booking sources' share."""
    from adapters import sources

    sent = await tick(app, now) + await sources.tick(app, now)
    await housekeeping(app, now)
    return sent


async def housekeeping(app: App, now: datetime | None = None) -> None:
    """Prune what is only kept for a while (the event ids used to refuse redeliveries)."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    pruned = await run_db(app.repo.prune_deliveries, DEDUPE_KEEP, now)
    if pruned:
        log.info("housekeeping: forgot %d delivered event id(s) older than %s", pruned, DEDUPE_KEEP)


async def _safe_sources(app: App) -> None:
    from adapters import sources  # calendars and feeds: their own, slower rhythm

    sent = await sources.tick(app)  # logs its own failures; never raises
    if sent:
        log.info("sources: sent %d nudge(s)", sent)
    try:
        await housekeeping(app)
    except Exception:  # the database is down: the next round tries again
        log.exception("housekeeping failed")


async def _safe_tick(app: App) -> None:
    try:
        sent = await tick(app)
        if sent:
            log.info("tick: sent %d message(s)", sent)
    except Exception:  # the database is down: the next tick tries again, nothing is lost
        log.exception("tick failed")
