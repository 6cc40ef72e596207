"""Sending to Teams: cards as activities, conversation references kept per person, a private 1:1
chat opened when none exists, bursts paced, 429s honoured, dead conversations marked stale.

The Bot Framework connector answers 403/404 when a conversation is gone (the app was removed, the
person left the tenant): such an address is marked `address_stale` and never retried; 429 and
5xx are worth trying again later.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    Attachment,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)
from sqlmodel import select

from adapters.config import is_loopback
from adapters.teams_cards import (
    CARD_CONTENT_TYPE,
    AcceptedFile,
    card,
    file_info,
    file_offers,
    summary,
)
from bot.messages import Reply
from bot.ports import DeliveryError
from storage.db import run_db
from storage.models import Person
from storage.repository import Repository

log = logging.getLogger(__name__)
PLATFORM = "teams"
GONE = (403, 404)  # the conversation or the bot's place in it no longer exists
Logic = Callable[[TurnContext], Awaitable[None]]


# --- activities and references ------------------------------------------------------------------


def activity_of(reply: Reply) -> Activity:
    """The reply's card (the message a decision replaces)."""
    attachment = Attachment(content_type=CARD_CONTENT_TYPE, content=card(reply))
    return Activity(type=ActivityTypes.message, attachments=[attachment], summary=summary(reply))


def offers_of(reply: Reply) -> list[Activity]:
    """A message of its own for each file the reply carries: a consent card, which Teams shows
    alone (only in a 1:1 chat, which is where resfri answers)."""
    return [
        Activity(type=ActivityTypes.message, attachments=[plain_attachment(offer)])
        for offer in file_offers(reply)
    ]


def activities_of(replies: list[Reply]) -> list[Activity]:
    return [a for r in replies for a in (activity_of(r), *offers_of(r))]


def file_activity(accepted: AcceptedFile) -> Activity:
    return Activity(type=ActivityTypes.message, attachments=[plain_attachment(file_info(accepted))])


def plain_attachment(data: dict[str, Any]) -> Attachment:
    return Attachment(
        content_type=data["contentType"],
        content_url=data.get("contentUrl"),
        name=data.get("name"),
        content=data.get("content"),
    )


def is_personal(conversation: ConversationAccount | None) -> bool:
    """A 1:1 chat. The Emulator sets no conversation type; Teams says personal/groupChat/channel."""
    return conversation is not None and conversation.conversation_type in (None, "", "personal")


def tenant_of(activity: Activity) -> str:
    conv = activity.conversation
    if conv is not None:  # botbuilder's model maps "tenantID"; Teams sends "tenantId"
        extra = getattr(conv, "additional_properties", None) or {}
        if conv.tenant_id or extra.get("tenantId"):
            return str(conv.tenant_id or extra["tenantId"])
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = data.get("tenant")
    return str(tenant.get("id") or "") if isinstance(tenant, dict) else ""


def reference_of(activity: Activity) -> ConversationReference:
    """What is needed to reach the sender later: no message ids, no display names."""
    ref = TurnContext.get_conversation_reference(activity)
    user = activity.from_property
    conv = activity.conversation
    return ConversationReference(
        channel_id=ref.channel_id,
        service_url=ref.service_url,
        bot=ref.bot,
        user=ChannelAccount(id=user.id, aad_object_id=user.aad_object_id) if user else None,
        conversation=ConversationAccount(
            id=conv.id,
            conversation_type=conv.conversation_type,
            tenant_id=tenant_of(activity) or None,
        )
        if conv
        else None,
    )


def address_of(activity: dict[str, Any]) -> str:
    """The stored address (Person.address) of whoever sent this activity JSON."""
    return dump(reference_of(Activity().deserialize(activity)))


def dump(ref: ConversationReference) -> str:
    return json.dumps(ref.serialize(), sort_keys=True)


def load(address: str | None) -> ConversationReference | None:
    if not address:
        return None
    try:
        data = json.loads(address)
    except ValueError:
        return None
    if not isinstance(data, dict) or not data.get("serviceUrl") or not data.get("user"):
        return None
    return ConversationReference().deserialize(data)


def service_url_allowed(url: str | None, emulator: bool) -> bool:
    """Without credentials we post unauthenticated: only to a connector on this machine."""
    if not url:
        return False
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    return is_loopback(parts.hostname) or not emulator


def upload_url_allowed(url: str, emulator: bool) -> bool:
    """Where Teams asks us to PUT a file: its https OneDrive URL, or in emulator mode this machine."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    if emulator:
        return parts.scheme in ("http", "https") and is_loopback(parts.hostname)
    return parts.scheme == "https"


# --- people ---------------------------------------------------------------------------------------


def find_person(repo: Repository, team_id: str, user_id: str) -> Person | None:
    """The person, or None (never created here: a person who asked to be forgotten stays gone)."""
    with repo.session() as s:
        stmt = select(Person).where(
            Person.platform == PLATFORM, Person.team_id == team_id, Person.user_id == user_id
        )
        return s.exec(stmt).first()


def remember(
    repo: Repository, team_id: str, user_id: str, ref: ConversationReference
) -> Person | None:
    """Keep the freshest way to reach a person. A 1:1 reference wins; a channel one is kept only
    until there is a 1:1 (it tells us where to open one)."""
    person = find_person(repo, team_id, user_id)
    if person is None:
        return None
    stored = load(person.address)
    personal = is_personal(ref.conversation)
    if personal or stored is None or not is_personal(stored.conversation):
        text = dump(ref)
        if text != person.address or person.address_stale:
            person = repo.update_person(person.id, address=text, address_stale=False)  # type: ignore[arg-type]
    return person


# --- connector errors -------------------------------------------------------------------------------


def status_of(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return int(status) if isinstance(status, int) else None


def retry_after_of(exc: BaseException) -> float:
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    try:
        return max(0.0, float(headers.get("Retry-After", 1)))
    except (TypeError, ValueError):  # an HTTP date: rare from the connector; wait a little
        return 1.0


# --- sending ------------------------------------------------------------------------------------------


class Outbound:
    """Every send to the connector goes through here: one activity at a time per call, a few
    calls at once, a short gap between activities, 429s waited out when the wait is short."""

    def __init__(
        self,
        adapter: CloudAdapter,
        app_id: str | None,
        emulator: bool,
        concurrency: int = 4,
        gap: float = 0.05,
        max_wait: float = 10.0,
        tries: int = 3,
    ) -> None:
        self.adapter = adapter
        self.app_id = app_id
        self.emulator = emulator
        self.slots = asyncio.Semaphore(concurrency)
        self.gap = gap
        self.max_wait = max_wait
        self.tries = tries

    async def send_each(self, ctx: TurnContext, activities: list[Activity]) -> None:
        for activity in activities:
            await self._paced(lambda a=activity: ctx.send_activity(a))

    async def update(self, ctx: TurnContext, activity_id: str, activity: Activity) -> None:
        activity.id = activity_id
        await self._paced(lambda: ctx.update_activity(activity))

    async def _paced(self, call: Callable[[], Awaitable[Any]]) -> None:
        async with self.slots:
            for attempt in range(self.tries):
                try:
                    await call()
                    break
                except Exception as exc:  # noqa: BLE001 - the connector's errors have no common base
                    wait = retry_after_of(exc)
                    if status_of(exc) != 429 or attempt == self.tries - 1 or wait > self.max_wait:
                        raise
                    log.info("Teams connector asked to slow down; waiting %.1f s", wait)
                    await asyncio.sleep(wait)
            await asyncio.sleep(self.gap)

    async def upload(self, accepted: AcceptedFile) -> None:
        """Put an accepted file at the upload URL Teams gave (one request: our files are small)."""
        if not upload_url_allowed(accepted.upload_url, self.emulator):
            raise DeliveryError("refusing that upload URL", retry=False)
        size = len(accepted.data)
        headers = {"Content-Range": f"bytes 0-{size - 1}/{size}"}
        timeout = aiohttp.ClientTimeout(total=30)
        async with (
            self.slots,
            aiohttp.ClientSession(timeout=timeout) as http,
            http.put(accepted.upload_url, data=accepted.data, headers=headers) as resp,
        ):
            if resp.status >= 300:
                raise DeliveryError(f"the upload was refused (HTTP {resp.status})", retry=False)

    async def to_reference(
        self, ref: ConversationReference, activities: list[Activity]
    ) -> ConversationReference:
        """Send into the person's 1:1 chat; open one first when `ref` points elsewhere (a channel).
        Returns the 1:1 reference used, which the caller stores."""
        if not service_url_allowed(ref.service_url, self.emulator):
            raise DeliveryError("refusing a non-loopback serviceUrl in emulator mode", retry=False)

        async def logic(ctx: TurnContext) -> None:
            await self.send_each(ctx, activities)

        if is_personal(ref.conversation):
            await self.adapter.continue_conversation(ref, logic, bot_app_id=self.app_id)
            return ref
        return await self.open_personal(ref, logic)

    async def open_personal(
        self, ref: ConversationReference, logic: Logic
    ) -> ConversationReference:
        tenant = ref.conversation.tenant_id if ref.conversation else None
        user = ChannelAccount(id=ref.user.id, aad_object_id=ref.user.aad_object_id)
        params = ConversationParameters(
            is_group=False,
            bot=ref.bot,
            members=[user],
            tenant_id=tenant,
            channel_data={"tenant": {"id": tenant}} if tenant else None,
        )
        made: list[ConversationReference] = []

        async def opened(ctx: TurnContext) -> None:
            made.append(
                ConversationReference(
                    channel_id=ref.channel_id,
                    service_url=ref.service_url,
                    bot=ref.bot,
                    user=user,
                    conversation=ConversationAccount(
                        id=ctx.activity.conversation.id,
                        conversation_type="personal",
                        tenant_id=tenant,
                    ),
                )
            )
            await logic(ctx)

        await self.adapter.create_conversation(
            self.app_id, opened, params, channel_id=ref.channel_id, service_url=ref.service_url
        )
        return made[0]


class TeamsDelivery:
    """Proactive messages (check-ins, reminders) to a person's stored conversation reference."""

    platform = PLATFORM

    def __init__(self, outbound: Outbound, repo: Repository) -> None:
        self.outbound = outbound
        self.repo = repo

    async def send(self, person: Person, replies: list[Reply]) -> None:
        ref = load(person.address)
        if ref is None:
            raise DeliveryError(
                "no Teams conversation reference stored for this person", retry=False
            )
        if not replies:
            return
        try:
            used = await self.outbound.to_reference(ref, activities_of(replies))
        except DeliveryError:
            raise
        except Exception as exc:  # noqa: BLE001 - translated into the port's error
            raise await self._failed(person, exc) from exc
        if used is not ref:
            await run_db(remember, self.repo, person.team_id, person.user_id, used)

    async def _failed(self, person: Person, exc: BaseException) -> DeliveryError:
        status = status_of(exc)
        if status in GONE:
            log.warning(
                "Teams conversation of person %s is gone (HTTP %s): marked stale", person.id, status
            )
            await run_db(self.repo.update_person, person.id, address_stale=True)
            await run_db(
                self.repo.log,
                "address_stale",
                person.id,
                person.unit,
                {"platform": PLATFORM, "status": status},
            )
            return DeliveryError(f"Teams conversation gone (HTTP {status})", retry=False)
        if status == 429:
            return DeliveryError("Teams is throttling", retry=True, retry_after=retry_after_of(exc))
        log.warning(
            "Teams delivery to person %s failed: %s (HTTP %s)",
            person.id,
            exc.__class__.__name__,
            status,
        )
        return DeliveryError(f"Teams delivery failed ({exc.__class__.__name__}, HTTP {status})")
