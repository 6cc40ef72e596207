"""Booking sources beyond chat, on the one aiohttp app: Graph change notifications and the
travel-booking hook. Proactive nudges go through the notifier to the person's own platform.

Routes (CONTRACT.md): `POST /graph/notifications`, `POST /hooks/travel`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiohttp import web
from sqlalchemy import delete

from adapters.app import App
from bot.bookings import Booking, record_booking
from bot.messages import Reply
from bot.ports import DeliveryError
from storage.db import run_db
from storage.models import Person, ProcessedEvent

log = logging.getLogger(__name__)

SIGNATURE_MAX_AGE = timedelta(minutes=5)
DELIVERY_ATTEMPTS = 3
TASKS_KEY = web.AppKey("source_tasks", set)
STATUSES = ("booked", "cancelled")


# --- delivery ---------------------------------------------------------------------------------


async def deliver(app: App, person: Person, replies: list[Reply]) -> bool:
    """Send proactive replies; retry what may pass later. A nudge that cannot be delivered frees
    its trip, so the next time the trip is mentioned (in chat or elsewhere) it can be nudged."""
    if not replies:
        return False
    for attempt in range(1, DELIVERY_ATTEMPTS + 1):
        try:
            await app.notifier.send(person, replies)
            return True
        except DeliveryError as exc:
            if not exc.retry or attempt == DELIVERY_ATTEMPTS:
                log.warning("nudge for person %s not delivered: %s", person.id, exc)
                break
            await asyncio.sleep(min(exc.retry_after or 2.0**attempt, 30.0))
    for reply in replies:
        if reply.kind == "nudge" and reply.about is not None:
            await run_db(
                app.repo.update_suggestion,
                reply.about,
                log_as="undelivered",
                status="undelivered",
                trip_key=None,
            )
    return False


# --- travel hook ------------------------------------------------------------------------------


def signature_problem(
    secret: str, timestamp: str, signature: str, body: bytes, now: datetime
) -> str | None:
    """None when `X-Resfri-Signature` is HMAC-SHA256(secret, timestamp + "." + body) and fresh."""
    if not timestamp or not signature:
        return "missing X-Resfri-Timestamp or X-Resfri-Signature"
    try:
        sent = datetime.fromtimestamp(int(timestamp), UTC)
    except (ValueError, OverflowError, OSError):
        return "X-Resfri-Timestamp must be Unix seconds"
    if abs(now - sent) > SIGNATURE_MAX_AGE:
        return "the timestamp is more than 5 minutes away from now (clock skew or a replay)"
    expected = (
        "sha256="
        + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    )
    if not hmac.compare_digest(expected, signature.strip()):
        return "the signature does not match"
    return None


def parse_booking(data: Any) -> tuple[Booking | None, list[str]]:
    """The booking JSON (see docs/sources.md) or the list of what is wrong with it."""
    if not isinstance(data, dict):
        return None, ["the body must be a JSON object"]
    errors = []

    def text(*names: str, required: bool = False, limit: int = 128) -> str | None:
        for name in names:
            value = data.get(name)
            if value not in (None, ""):
                if not isinstance(value, str) or len(value) > limit:
                    errors.append(f"{name}: a string of at most {limit} characters")
                    return None
                return value.strip()
        if required:
            errors.append(f"{names[0]}: required")
        return None

    email = text("traveller_email", "email", limit=254)
    destination = text("destination", required=True)
    reference = text("reference", required=True)
    status = (text("status") or "booked").lower()
    if status not in STATUSES:
        errors.append("status: booked or cancelled")
    depart = _when(data.get("depart") or data.get("depart_date"), "depart", errors, required=True)
    back = _when(data.get("return") or data.get("return_date"), "return", errors)
    if errors:
        return None, errors
    return Booking(
        reference=reference or "",
        email=email,
        destination=destination or "",
        depart=depart,  # type: ignore[arg-type]
        origin=text("origin"),
        return_date=back.date() if isinstance(back, datetime) else back,
        mode=text("mode", limit=32),
        status=status,
    ), []


def _when(raw: Any, name: str, errors: list[str], required: bool = False) -> date | datetime | None:
    if raw in (None, ""):
        if required:
            errors.append(f"{name}: required (YYYY-MM-DD or an ISO date-time)")
        return None
    try:
        if isinstance(raw, str) and len(raw) == 10:
            return date.fromisoformat(raw)
        moment = datetime.fromisoformat(str(raw))
    except ValueError:
        errors.append(f"{name}: not a date (YYYY-MM-DD or an ISO date-time)")
        return None
    return moment  # naive: local time where the traveller is


async def travel_hook(request: web.Request) -> web.Response:
    from adapters.server import APP_KEY

    app = request.app[APP_KEY]
    secret = app.settings.travel_hook_secret
    if not secret:
        raise web.HTTPNotFound()
    now = datetime.now(UTC)
    body = await request.read()
    signature = request.headers.get("X-Resfri-Signature", "")
    problem = signature_problem(
        secret, request.headers.get("X-Resfri-Timestamp", ""), signature, body, now
    )
    if problem:
        log.warning("travel hook refused: %s", problem)
        return web.json_response({"error": problem}, status=401)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return web.json_response({"error": "the body must be JSON"}, status=400)
    booking, errors = parse_booking(data)
    if booking is None:
        return web.json_response({"error": "bad booking", "fields": errors}, status=400)
    key = f"travel:{signature.strip()[7:71]}"
    if not await run_db(app.repo.first_delivery, key):
        return web.json_response({"error": "this exact request was already received"}, status=409)
    try:
        outcome = await run_db(record_booking, app.repo, app.conversation.config, booking, now)
    except Exception:
        log.exception("travel booking not recorded")
        await run_db(_forget_key, app, key)  # let the travel system's retry through
        return web.json_response({"error": "not recorded, please retry"}, status=503)
    nudged = False
    if outcome.person is not None and outcome.replies:
        nudged = await deliver(app, outcome.person, outcome.replies)
    result = {
        "recorded": outcome.trip is not None,
        "duplicate": not outcome.created,
        "trip": outcome.trip.id if outcome.trip else None,
        "status": outcome.trip.status if outcome.trip else None,
        "matched": outcome.person is not None,
        "nudged": nudged,
    }
    if outcome.problem == "destination":
        result["warning"] = "unknown destination: counted without distance or CO2"
    return web.json_response(result, status=201 if outcome.created else 200)


def _forget_key(app: App, key: str) -> None:
    with app.repo.session() as s:
        s.execute(delete(ProcessedEvent).where(ProcessedEvent.key == key))  # type: ignore[arg-type]
        s.commit()


# --- Graph notifications ----------------------------------------------------------------------


async def graph_notifications(request: web.Request) -> web.Response:
    """Graph's validation handshake, then change/lifecycle notifications: answer 202 at once
    (Graph wants an answer within seconds), check clientState, and work in the background."""
    from adapters import graph
    from adapters.server import APP_KEY

    token = request.query.get("validationToken")
    if token is not None:
        return web.Response(text=token[:1024], content_type="text/plain")
    app = request.app[APP_KEY]
    try:
        payload = json.loads(await request.read())
        items = payload.get("value") if isinstance(payload, dict) else None
        if not isinstance(items, list):
            raise ValueError("no value list")
    except (ValueError, UnicodeDecodeError):
        return web.json_response({"error": "expected a Graph notification collection"}, status=400)
    expected = await run_db(graph.client_state, app)
    good = [
        i
        for i in items
        if isinstance(i, dict)
        and hmac.compare_digest(str(i.get("clientState") or "").encode(), expected.encode())
    ]
    if len(good) < len(items):
        log.warning(
            "%d Graph notification(s) with a wrong clientState ignored", len(items) - len(good)
        )
    if good:
        task = asyncio.create_task(_handle_notifications(app, good))
        tasks: set[asyncio.Task[Any]] = request.app[TASKS_KEY]
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    return web.Response(status=202)


async def _handle_notifications(app: App, items: list[dict[str, Any]]) -> None:
    from adapters import graph

    try:
        await graph.handle_notifications(app, items, datetime.now(UTC))
    except Exception:  # a background task must log, never vanish silently
        log.exception("Graph notifications not handled; delta catch-up will pick them up")


async def drain(web_app: web.Application) -> None:
    """Wait for notification work in flight (tests, and a clean shutdown)."""
    tasks = list(web_app.get(TASKS_KEY, ()))
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)


# --- wiring -----------------------------------------------------------------------------------


def setup(web_app: web.Application, app: App, host: str) -> None:
    web_app[TASKS_KEY] = set()
    web_app.router.add_post("/graph/notifications", graph_notifications)
    web_app.router.add_post("/hooks/travel", travel_hook)
    web_app.on_cleanup.append(drain)


def reaches_chat(app: App) -> bool:
    """Whether this process can deliver to Slack or Teams (`resfri serve` can; a bare
    `resfri worker` cannot), i.e. whether it may consume calendar changes and feeds."""
    return any(app.notifier.can_reach(Person(platform=p, user_id="")) for p in ("slack", "teams"))


async def tick(app: App, now: datetime | None = None) -> int:
    """The scheduler's share for sources: renew Graph subscriptions and catch up, poll ICS feeds.
    Where no chat platform can be reached, only renew: the changes wait for a process that can
    deliver them (nothing is consumed and lost). Returns nudges delivered; never raises."""
    from adapters import graph, ics

    now = now or datetime.now(UTC)
    judging = reaches_chat(app)
    sent = 0
    try:
        sent += (await graph.renew_due(app, now, catch_up_too=judging))["nudged"]
    except Exception:
        log.exception("Graph renewal failed; next tick tries again")
    if not judging:
        return sent
    try:
        sent += await ics.poll_feeds(app, now)
    except Exception:
        log.exception("ICS polling failed; next tick tries again")
    return sent
