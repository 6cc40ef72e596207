"""Microsoft Graph calendars: app-only token (MSAL), subscriptions, events, delta catch-up.

Graph tells us *that* an event changed; we read it, translate it to a `bot.bookings.CalendarEvent`
and let the core judge it. Subscriptions expire within days, so `renew_due` (run by the scheduler)
renews them before they do, recreates the ones Graph dropped, and follows each calendar's delta
link so changes whose notification never arrived are still seen.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import secrets
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import aiohttp
import msal
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from adapters.app import App
from bot.bookings import CalendarEvent, judge_event, looks_online
from bot.people import people_by_email
from storage.db import run_db
from storage.models import CalendarSubscription, Setting

log = logging.getLogger(__name__)

DEFAULT_AUTHORITY = "https://login.microsoftonline.com"
CLIENT_STATE_KEY = "graph.client_state"
EVENT_FIELDS = (
    "id,subject,body,start,end,isAllDay,location,locations,isOnlineMeeting,onlineMeeting,"
    "isCancelled,organizer,attendees,type,seriesMasterId"
)
RESOURCE = re.compile(r"^users/([^/]+)/events/([^/?#]+)$", re.IGNORECASE)
WINDOWS_ZONES = {
    "W. Europe Standard Time": "Europe/Stockholm",
    "GMT Standard Time": "Europe/London",
    "Central Europe Standard Time": "Europe/Budapest",
    "Romance Standard Time": "Europe/Paris",
    "FLE Standard Time": "Europe/Helsinki",
}


class GraphSettings(BaseSettings):
    """Graph settings beyond CONTRACT.md's GRAPH_API_URL (listed in docs/sources.md)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    client_id: str | None = Field(default=None, alias="GRAPH_CLIENT_ID")
    client_secret: str | None = Field(default=None, alias="GRAPH_CLIENT_SECRET")
    tenant_id: str | None = Field(default=None, alias="GRAPH_TENANT_ID")
    authority_host: str = Field(default=DEFAULT_AUTHORITY, alias="GRAPH_AUTHORITY_HOST")
    client_state: str | None = Field(default=None, alias="RESFRI_GRAPH_CLIENT_STATE")
    public_url: str | None = Field(default=None, alias="RESFRI_PUBLIC_URL")
    subscription_minutes: int = Field(
        default=4200, ge=45, le=10080, alias="RESFRI_GRAPH_SUBSCRIPTION_MINUTES"
    )
    renew_hours: float = Field(default=24.0, gt=0, alias="RESFRI_GRAPH_RENEW_HOURS")
    lookahead_days: int = Field(default=120, ge=1, le=365, alias="RESFRI_GRAPH_LOOKAHEAD_DAYS")
    max_wait: float = Field(default=60.0, ge=0, alias="RESFRI_GRAPH_MAX_WAIT")


class GraphError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"Graph answered {status}: {message}")
        self.status = status


def graph_settings(app: App) -> GraphSettings:
    s = GraphSettings()
    s.client_id = s.client_id or app.settings.microsoft_app_id
    s.client_secret = s.client_secret or app.settings.microsoft_app_password
    s.tenant_id = s.tenant_id or app.settings.microsoft_app_tenant_id
    return s


def configured(app: App) -> bool:
    s = graph_settings(app)
    return bool(s.client_id and s.client_secret and s.tenant_id)


# --- token ------------------------------------------------------------------------------------

_MSAL: dict[tuple[str, str, str], msal.ConfidentialClientApplication] = {}


def _msal_app(s: GraphSettings) -> msal.ConfidentialClientApplication:
    """One MSAL app per authority and credentials, so its token cache lives across calls (and
    a changed secret is used at once)."""
    authority = f"{s.authority_host.rstrip('/')}/{s.tenant_id}"
    secret = hashlib.sha256((s.client_secret or "").encode()).hexdigest()
    key = (authority, s.client_id or "", secret)
    if key not in _MSAL:
        extra: dict[str, Any] = {}
        if (
            s.authority_host.rstrip("/") != DEFAULT_AUTHORITY
        ):  # a sovereign cloud or a test stand-in
            extra = {"validate_authority": False, "instance_discovery": False}
        _MSAL[key] = msal.ConfidentialClientApplication(
            s.client_id, client_credential=s.client_secret, authority=authority, **extra
        )
    return _MSAL[key]


def _scope(api_url: str) -> str:
    parts = urlsplit(api_url)
    return f"{parts.scheme}://{parts.netloc}/.default"


async def access_token(app: App) -> str:
    s = graph_settings(app)
    if not (s.client_id and s.client_secret and s.tenant_id):
        raise GraphError(
            0,
            "Graph is not configured: set GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET "
            "and GRAPH_TENANT_ID (or the MICROSOFT_APP_* ones)",
        )
    # MSAL is synchronous (requests): keep it off the event loop.
    result = await asyncio.to_thread(
        lambda: _msal_app(s).acquire_token_for_client(scopes=[_scope(app.settings.graph_api_url)])
    )
    if "access_token" not in result:
        raise GraphError(401, f"no token: {result.get('error')}: {result.get('error_description')}")
    return str(result["access_token"])


# --- HTTP -------------------------------------------------------------------------------------


class Graph:
    """A small Graph client: bearer token, JSON, 429/5xx retried after Retry-After."""

    def __init__(self, app: App, attempts: int = 5) -> None:
        self.app = app
        self.base = app.settings.graph_api_url
        self.attempts = attempts
        self.max_wait = graph_settings(app).max_wait
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Graph:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._session:
            await self._session.close()

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            if not path.startswith(self.base):  # follow only Graph's own links
                raise GraphError(0, "refusing a link outside GRAPH_API_URL")
            return path
        return self.base + path.lstrip("/")

    async def call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        assert self._session is not None, "use `async with Graph(app)`"
        url = self.url(path)
        for attempt in range(1, self.attempts + 1):
            token = await access_token(self.app)
            hdrs = {"Authorization": f"Bearer {token}", **(headers or {})}
            try:
                async with self._session.request(method, url, json=body, headers=hdrs) as res:
                    status, retry_after = res.status, res.headers.get("Retry-After")
                    raw = await res.read()  # a 204 (renewed, deleted) has no body at all
                    data = json.loads(raw) if raw.strip() else {}
            except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
                status, retry_after, data = 0, None, {"error": {"message": str(exc)}}
            if (status == 429 or status >= 500 or status == 0) and attempt < self.attempts:
                wait = _retry_after(retry_after, attempt, self.max_wait)
                log.warning(
                    "Graph %s %s answered %s; retrying in %.1f s",
                    method,
                    urlsplit(url).path,
                    status or "nothing",
                    wait,
                )
                await asyncio.sleep(wait)
                continue
            return status, data if isinstance(data, dict) else {}
        raise AssertionError("unreachable")

    async def ok(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        status, data = await self.call(method, path, body, headers)
        if not 200 <= status < 300:
            message = (data.get("error") or {}).get("message", "") if isinstance(data, dict) else ""
            raise GraphError(status, message or "no details")
        return data


def _retry_after(header: str | None, attempt: int, cap: float) -> float:
    try:
        wait = float(header) if header is not None else 2.0 ** (attempt - 1)
    except ValueError:
        wait = 2.0 ** (attempt - 1)
    return max(0.0, min(wait, cap))


# --- clientState ------------------------------------------------------------------------------


def client_state(app: App) -> str:
    """The secret Graph echoes in every notification: from the environment, else one generated
    once and kept in the Setting table (so every process of the deployment agrees)."""
    configured_state = GraphSettings().client_state
    if configured_state:
        return configured_state
    with app.repo.session() as s:
        row = s.get(Setting, CLIENT_STATE_KEY)
        if row is not None:
            return row.value
        s.add(Setting(key=CLIENT_STATE_KEY, value=secrets.token_urlsafe(32)))
        try:
            s.commit()
        except IntegrityError:  # another process generated it first
            s.rollback()
        return s.get(Setting, CLIENT_STATE_KEY).value  # type: ignore[union-attr]


# --- subscriptions ----------------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")


def _parse_time(raw: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(raw))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def notification_url(app: App) -> str:
    base = graph_settings(app).public_url
    if not base:
        raise GraphError(
            0,
            "RESFRI_PUBLIC_URL is not set: Graph needs a public https address of "
            "this server to send notifications to",
        )
    return base.rstrip("/") + "/graph/notifications"


async def _create(g: Graph, user: str, now: datetime) -> dict[str, Any]:
    s = graph_settings(g.app)
    url = notification_url(g.app)
    state = await run_db(client_state, g.app)
    return await g.ok(
        "POST",
        "subscriptions",
        {
            "changeType": "created,updated,deleted",
            "notificationUrl": url,
            "lifecycleNotificationUrl": url,
            "resource": f"users/{user}/events",
            "expirationDateTime": _iso(now + timedelta(minutes=s.subscription_minutes)),
            "clientState": state,
        },
    )


def _save_subscription(
    app: App, user: str, data: dict[str, Any], old_id: int | None, delta_link: str | None = None
) -> CalendarSubscription:
    expires = _parse_time(data.get("expirationDateTime")) or datetime.now(UTC)
    with app.repo.session() as s:
        sub = s.get(CalendarSubscription, old_id) if old_id else None
        if sub is None:
            sub = s.exec(
                select(CalendarSubscription).where(CalendarSubscription.user_upn == user)
            ).first()
        sub = sub or CalendarSubscription(
            graph_id="", resource="", user_upn=user, expires_at=expires
        )
        sub.graph_id, sub.resource = str(data["id"]), str(data.get("resource") or "")[:256]
        sub.expires_at, sub.status = expires, "active"
        if delta_link:
            sub.delta_link = delta_link
        s.add(sub)
        s.commit()
        s.refresh(sub)
        return sub


async def connect(
    app: App,
    users: Iterable[str],
    now: datetime | None = None,
    problems: dict[str, str] | None = None,
) -> list[str]:
    """Subscribe to each user's calendar and take a starting point for delta catch-up.
    Events already in the calendar are not nudged: we start listening from now. With
    `problems`, a user Graph refuses (no mailbox, no consent) is noted there and the rest go on;
    without it the first refusal raises."""
    now = now or datetime.now(UTC)
    done = []
    async with Graph(app) as g:
        known = {(s.user_upn or "").lower(): s for s in await run_db(_subscriptions, app)}
        for user in dict.fromkeys(u.strip().lower() for u in users if u.strip()):
            try:
                if user in known:  # connected already: renew, keep its place in the delta
                    await _renew(g, known[user], now)
                else:
                    data = await _create(g, user, now)
                    sub = await run_db(_save_subscription, app, user, data, None)
                    await catch_up(app, sub, now, judge=False, graph=g)
            except GraphError as exc:
                if problems is None:
                    raise
                problems[user] = str(exc)
                continue
            done.append(user)
    return done


async def disconnect(app: App, users: Iterable[str]) -> list[str]:
    """Stop listening to these calendars: delete the subscriptions (Graph's and ours)."""
    wanted = {u.strip().lower() for u in users if u.strip()}
    gone = []
    async with Graph(app) as g:
        for sub in await run_db(_subscriptions, app):
            if (sub.user_upn or "").lower() not in wanted:
                continue
            status, data = await g.call("DELETE", f"subscriptions/{quote(sub.graph_id)}")
            if status not in (200, 204, 404):  # 404: Graph had dropped it already
                raise GraphError(status, (data.get("error") or {}).get("message", "not deleted"))
            await run_db(_delete_subscription, app, sub.id)
            gone.append(sub.user_upn or "")
    return gone


def _delete_subscription(app: App, sub_id: int | None) -> None:
    with app.repo.session() as s:
        sub = s.get(CalendarSubscription, sub_id)
        if sub is not None:
            s.delete(sub)
            s.commit()


def subscriptions(app: App) -> list[CalendarSubscription]:
    """The calendars listened to (for `resfri graph list`)."""
    return _subscriptions(app)


async def group_members(app: App, group_id: str) -> list[str]:
    """The e-mail/UPN of each user in a group (for `graph connect --group`)."""
    users: list[str] = []
    path: str | None = f"groups/{quote(group_id)}/members?$select=mail,userPrincipalName"
    async with Graph(app) as g:
        while path:
            data = await g.ok("GET", path)
            users += [
                m.get("mail") or m.get("userPrincipalName")
                for m in data.get("value", [])
                if m.get("mail") or m.get("userPrincipalName")
            ]
            path = data.get("@odata.nextLink")
    return users


def _subscriptions(app: App) -> list[CalendarSubscription]:
    with app.repo.session() as s:
        return list(
            s.exec(select(CalendarSubscription).where(CalendarSubscription.status == "active"))
        )


async def renew_due(
    app: App, now: datetime | None = None, catch_up_too: bool = True
) -> dict[str, int]:
    """Renew subscriptions close to expiry (recreate what Graph dropped), then catch up on
    every calendar with its delta link. Safe to run often: an idle calendar costs one request.
    `catch_up_too=False` only renews (a process that cannot reach Slack or Teams must not
    consume changes it could not deliver)."""
    now = now or datetime.now(UTC)
    s = graph_settings(app)
    counts = {"renewed": 0, "recreated": 0, "nudged": 0, "failed": 0}
    if not configured(app):
        return counts
    subs = await run_db(_subscriptions, app)
    async with Graph(app) as g:
        for sub in subs:
            try:
                if sub.expires_at.astimezone(UTC) - now <= timedelta(hours=s.renew_hours):
                    counts["recreated" if await _renew(g, sub, now) else "renewed"] += 1
                    sub = await run_db(_subscription, app, sub.id)
                if catch_up_too:
                    counts["nudged"] += await catch_up(app, sub, now, graph=g)
            except GraphError as exc:
                counts["failed"] += 1
                log.warning("calendar subscription %s: %s", sub.id, exc)
    return counts


def _subscription(app: App, sub_id: int) -> CalendarSubscription:
    with app.repo.session() as s:
        return s.get(CalendarSubscription, sub_id)  # type: ignore[return-value]


async def _renew(g: Graph, sub: CalendarSubscription, now: datetime) -> bool:
    """Extend a subscription; True when Graph had dropped it and it was created anew."""
    minutes = graph_settings(g.app).subscription_minutes
    status, data = await g.call(
        "PATCH",
        f"subscriptions/{quote(sub.graph_id)}",
        {"expirationDateTime": _iso(now + timedelta(minutes=minutes))},
    )
    if status == 404:
        log.info("Graph dropped calendar subscription %s; creating it again", sub.id)
        data = await _create(g, sub.user_upn or "", now)
        await run_db(_save_subscription, g.app, sub.user_upn or "", data, sub.id)
        return True
    if not 200 <= status < 300:
        raise GraphError(status, (data.get("error") or {}).get("message", "renewal refused"))
    await run_db(
        _save_subscription, g.app, sub.user_upn or "", {**data, "id": sub.graph_id}, sub.id
    )
    return False


async def catch_up(
    app: App,
    sub: CalendarSubscription,
    now: datetime,
    judge: bool = True,
    graph: Graph | None = None,
) -> int:
    """Follow the calendar's delta link; judge what changed. Returns nudges delivered."""
    if graph is None:
        async with Graph(app) as g:
            return await catch_up(app, sub, now, judge, g)
    path = sub.delta_link
    if not path:
        start, end = now, now + timedelta(days=graph_settings(app).lookahead_days)
        path = (
            f"users/{quote(sub.user_upn or '')}/calendarView/delta?startDateTime={_iso(start)}"
            f"&endDateTime={_iso(end)}"
        )
    nudged = 0
    while path:
        data = await graph.ok("GET", path, headers={"Prefer": 'outlook.timezone="UTC"'})
        for item in data.get("value", []):
            if judge and "@removed" not in item and item.get("id"):
                # Delta items may be trimmed: read the whole event, as a notification would.
                nudged += await read_and_judge(app, graph, sub.user_upn or "", str(item["id"]), now)
        link = data.get("@odata.deltaLink")
        path = data.get("@odata.nextLink")
        if link:
            await run_db(_store_delta, app, sub.id, link)
    return nudged


def _store_delta(app: App, sub_id: int | None, link: str) -> None:
    with app.repo.session() as s:
        sub = s.get(CalendarSubscription, sub_id)
        if sub is not None:
            sub.delta_link = link
            s.add(sub)
            s.commit()


# --- notifications ----------------------------------------------------------------------------


def subscription_by_graph_id(app: App, graph_id: str) -> CalendarSubscription | None:
    with app.repo.session() as s:
        return s.exec(
            select(CalendarSubscription).where(CalendarSubscription.graph_id == graph_id)
        ).first()


async def handle_notifications(app: App, items: list[dict[str, Any]], now: datetime) -> int:
    """Change and lifecycle notifications whose clientState was already checked."""
    nudged = 0
    async with Graph(app) as g:
        for item in items:
            sub = await run_db(subscription_by_graph_id, app, str(item.get("subscriptionId", "")))
            if sub is None:
                log.info("notification for an unknown subscription ignored")
                continue
            try:
                lifecycle = item.get("lifecycleEvent")
                if lifecycle == "missed":
                    nudged += await catch_up(app, sub, now, graph=g)
                elif lifecycle in ("subscriptionRemoved", "reauthorizationRequired"):
                    await _renew(g, sub, now)
                    nudged += await catch_up(
                        app, (await run_db(_subscription, app, sub.id)), now, graph=g
                    )
                elif item.get("changeType") in ("created", "updated"):
                    found = RESOURCE.match(str(item.get("resource", "")))
                    event_id = (item.get("resourceData") or {}).get("id") or (
                        found.group(2) if found else None
                    )
                    user = found.group(1) if found else sub.user_upn
                    if event_id and user:
                        nudged += await read_and_judge(app, g, user, str(event_id), now)
            except GraphError as exc:
                log.warning("calendar notification not handled (%s); delta catch-up will", exc)
    return nudged


async def read_and_judge(app: App, g: Graph, user: str, event_id: str, now: datetime) -> int:
    from adapters.sources import deliver

    status, data = await g.call(
        "GET",
        f"users/{quote(user)}/events/{quote(event_id)}?$select={EVENT_FIELDS}",
        headers={"Prefer": 'outlook.timezone="UTC", outlook.body-content-type="text"'},
    )
    if status == 404:  # deleted since: nothing to judge
        return 0
    if not 200 <= status < 300:
        raise GraphError(status, (data.get("error") or {}).get("message", "event not read"))
    event = to_event(data, app.settings.timezone)
    people = await run_db(people_by_email, app.repo, event.organiser_email)
    if not people:
        log.info("calendar event by an organiser resfri doesn't know: not nudged")
        return 0
    replies = await run_db(judge_event, app.repo, app.conversation.config, people[0], event, now)
    return int(await deliver(app, people[0], replies))


def _graph_time(
    value: dict[str, Any] | None, fallback_tz: str, all_day: bool
) -> datetime | date | None:
    if not value or not value.get("dateTime"):
        return None
    try:
        moment = datetime.fromisoformat(str(value["dateTime"]))
    except ValueError:
        return None
    name = str(value.get("timeZone") or "UTC")
    try:
        zone = ZoneInfo("UTC" if name.upper() in ("UTC", "GMT") else WINDOWS_ZONES.get(name, name))
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(fallback_tz)
    if all_day:
        return moment.date()
    return moment.replace(tzinfo=moment.tzinfo or zone)


def to_event(data: dict[str, Any], fallback_tz: str) -> CalendarEvent:
    """A Graph event resource to the core's CalendarEvent (the body is read, never kept)."""
    location = data.get("location") or {}
    address = location.get("address") or {}
    coords = location.get("coordinates") or {}
    online_meeting = data.get("onlineMeeting") or {}
    body = (data.get("body") or {}).get("content") or ""
    organiser = ((data.get("organizer") or {}).get("emailAddress") or {}).get("address")
    return CalendarEvent(
        reference=str(data.get("id", "")),
        start=_graph_time(data.get("start"), fallback_tz, bool(data.get("isAllDay"))),
        location=str(location.get("displayName") or "")[:500],
        city=(address.get("city") or None),
        lat=_float(coords.get("latitude")),
        lon=_float(coords.get("longitude")),
        room=location.get("locationType") == "conferenceRoom",
        online=bool(
            data.get("isOnlineMeeting") or online_meeting.get("joinUrl") or looks_online(body)
        ),
        cancelled=bool(data.get("isCancelled")),
        organiser_email=organiser,
        subject=str(data.get("subject") or "")[:500],
        recurring=data.get("type") in ("occurrence", "seriesMaster", "exception"),
        attendees=attendees(data.get("attendees")),
    )


def attendees(items: Any) -> tuple[str, ...]:
    """The people invited, by e-mail: not those who declined, not rooms or equipment
    (`type` resource). Required and optional attendees alike."""
    found = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or item.get("type") == "resource":
            continue
        if ((item.get("status") or {}).get("response") or "") == "declined":
            continue
        address = (item.get("emailAddress") or {}).get("address")
        if isinstance(address, str) and "@" in address:
            found.append(address.strip()[:254])
    return tuple(found)


def _float(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
