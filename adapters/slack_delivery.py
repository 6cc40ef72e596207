"""Sending to Slack: the Web API client we trust (retry handlers on), posting replies with their
files, and the proactive `Delivery` the notifier uses for check-ins and reminders."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from time import monotonic
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters import slack_blocks
from bot import texts
from bot.messages import Reply
from bot.ports import DeliveryError
from storage.db import run_db
from storage.models import Person
from storage.repository import Repository

log = logging.getLogger(__name__)

# The conversation or the workspace is gone: trying again later will not help.
GONE = frozenset(
    {
        "channel_not_found",
        "account_inactive",
        "not_in_channel",
        "invalid_auth",
        "token_revoked",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "is_archived",
        "team_access_not_granted",
        "missing_scope",
        "not_authed",
    }
)
TokenSource = Callable[[str], Awaitable[str | None]]


def make_client(base_url: str, token: str | None = None) -> AsyncWebClient:
    """slack_sdk's async default retries connection errors only; add 429 and 5xx."""
    return AsyncWebClient(
        token=token,
        base_url=base_url,
        timeout=15,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def address_of(person: Person) -> dict[str, Any]:
    try:
        found = json.loads(person.address or "{}")
    except json.JSONDecodeError:
        found = {}
    found = found if isinstance(found, dict) else {}
    return {"team_id": person.team_id, "user_id": person.user_id, **found}


def as_delivery_error(exc: Exception) -> DeliveryError:
    """Map what Slack said to whether trying later may help."""
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        error = str(exc.response.get("error", "")) if exc.response.data else ""
        if status == 429 or error == "ratelimited":
            after = exc.response.headers.get("Retry-After") or exc.response.headers.get(
                "retry-after"
            )
            return DeliveryError(
                f"slack rate limited ({error or status})",
                retry=True,
                retry_after=float(after) if after and str(after).isdigit() else None,
            )
        if status >= 500:
            return DeliveryError(f"slack server error {status}", retry=True)
        if error in GONE:
            return DeliveryError(f"slack: {error}", retry=False)
        return DeliveryError(f"slack refused the message: {error or status}", retry=False)
    if isinstance(exc, (aiohttp.ClientError, TimeoutError, asyncio.TimeoutError)):
        return DeliveryError(f"slack unreachable: {exc.__class__.__name__}", retry=True)
    raise exc


async def post(
    client: AsyncWebClient,
    channel: str,
    replies: list[Reply],
    token: str | None = None,
    user: str | None = None,
    thread_ts: str | None = None,
    lang: str = texts.DEFAULT_LANG,
) -> dict[str, Any] | None:
    """Post replies as one message (ephemeral to `user` when given) and upload their files
    to `channel`. Returns the posted message's answer."""
    shown = [r for r in replies if r.text or r.facts or r.choices]
    answer = None
    if shown:
        msg = slack_blocks.message(shown, lang)
        extra = {"thread_ts": thread_ts} if thread_ts else {}
        if user:
            answer = await client.chat_postEphemeral(
                token=token, channel=channel, user=user, **msg, **extra
            )
        else:
            answer = await client.chat_postMessage(token=token, channel=channel, **msg, **extra)
    files = [a for r in replies for a in r.attachments]
    if files:
        await upload(client, channel, files, token)
    return answer.data if answer is not None else None  # type: ignore[return-value]


async def upload(client: AsyncWebClient, channel: str, files: list[Any], token: str | None) -> None:
    await client.files_upload_v2(
        token=token,
        channel=channel,
        file_uploads=[{"file": f.data, "filename": f.filename, "title": f.filename} for f in files],
    )


async def open_dm(client: AsyncWebClient, user_id: str, token: str | None = None) -> str:
    answer = await client.conversations_open(token=token, users=user_id)
    return str(answer["channel"]["id"])


class SlackDelivery:
    """Proactive messages to a person's DM with the bot."""

    platform = "slack"

    def __init__(self, client: AsyncWebClient, repo: Repository, token_for: TokenSource) -> None:
        self.client = client
        self.repo = repo
        self.token_for = token_for

    async def send(self, person: Person, replies: list[Reply]) -> None:
        address = address_of(person)
        token = await self.token_for(address["team_id"])
        if token is None:
            await self._stale(person, "workspace not installed")
            raise DeliveryError("slack: no installation for the workspace", retry=False)
        try:
            channel = address.get("channel") or await open_dm(
                self.client, address["user_id"], token
            )
            if channel != address.get("channel"):
                address["channel"] = channel
                await run_db(
                    self.repo.update_person, person.id, address=json.dumps(address, sort_keys=True)
                )
            await post(self.client, channel, replies, token=token, lang=lang_of(person))
        except Exception as exc:  # noqa: BLE001 - mapped or re-raised by as_delivery_error
            error = as_delivery_error(exc)
            if not error.retry and str(error).startswith("slack: "):
                await self._stale(person, str(error))
            log.warning("slack delivery to person %s failed: %s", person.id, error)
            raise error from exc

    async def _stale(self, person: Person, why: str) -> None:
        log.info("marking person %s's slack address stale: %s", person.id, why)
        await run_db(self.repo.update_person, person.id, address_stale=True)


def lang_of(person: Person | None, locale: str | None = None) -> str:
    """The language to render Slack's own bits in, as the core picks it: set, else Slack's."""
    if person is None:
        return texts.lang_of(locale) or texts.DEFAULT_LANG
    return (
        person.lang
        or texts.lang_of(locale)
        or texts.lang_of(person.locale)
        or texts.DEFAULT_LANG
    )


def failure(exc: Exception) -> str:
    """Why a Web API call failed, in one line for the log."""
    try:
        return str(as_delivery_error(exc))
    except Exception:  # noqa: BLE001 - not a Slack or network error: name it
        return f"{exc.__class__.__name__}: {exc}"


class Profiles:
    """What users.info says about a person (language, time zone, email, unit), cached an hour:
    it changes rarely and Slack rate-limits the method. A `user_change` event forgets a person's
    entry at once, so a new language or time zone counts from their next message."""

    def __init__(
        self,
        ttl: float = 3600.0,
        failed_ttl: float = 300.0,
        clock: Callable[[], float] = monotonic,
    ) -> None:
        self.ttl, self.failed_ttl, self.clock = ttl, failed_ttl, clock
        self._cache: dict[tuple[str, str], tuple[float, dict[str, str | None]]] = {}
        self._inflight: dict[tuple[str, str], asyncio.Future[dict[str, str | None]]] = {}

    async def get(
        self, client: AsyncWebClient, team_id: str, user_id: str
    ) -> dict[str, str | None]:
        key = (team_id, user_id)
        now = self.clock()
        hit = self._cache.get(key)
        if hit and hit[0] > now:
            return hit[1]
        if key in self._inflight:  # one lookup for a burst of messages from one person
            return await asyncio.shield(self._inflight[key])
        future: asyncio.Future[dict[str, str | None]] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            profile, ok = await self._fetch(client, user_id)
            self._cache[key] = (now + (self.ttl if ok else self.failed_ttl), profile)
            future.set_result(profile)
            return profile
        finally:
            del self._inflight[key]

    async def _fetch(
        self, client: AsyncWebClient, user_id: str
    ) -> tuple[dict[str, str | None], bool]:
        try:
            user = (await client.users_info(user=user_id, include_locale=True))["user"]
        except Exception as exc:  # noqa: BLE001 - the core copes without a profile
            log.warning("slack users.info for %s failed: %s", user_id, exc)
            return {"locale": None, "timezone": None, "email": None, "unit": None}, False
        profile = user.get("profile") or {}
        return {
            "locale": user.get("locale"),
            "timezone": user.get("tz"),
            "email": profile.get("email") or None,  # only with the users:read.email scope
            "unit": (profile.get("department") or profile.get("division") or None),
        }, True

    def forget(self, team_id: str, user_id: str) -> None:
        self._cache.pop((team_id, user_id), None)

    def forget_team(self, team_id: str) -> None:
        for key in [k for k in self._cache if k[0] == team_id]:
            del self._cache[key]
