"""Microsoft Teams: Bot Framework activities at POST /api/messages to the core and back.

botbuilder is archived upstream; every import of it stays in adapters/teams*.py so a move to the
Microsoft 365 Agents SDK (same protocol) touches only these files. The adapter translates: it
holds no business rules. People are answered in their 1:1 chat, never in a channel or group.
"""

from __future__ import annotations

import json
import logging
import re
from html import unescape
from types import SimpleNamespace
from typing import Any

import aiohttp
from aiohttp import web
from botbuilder.core import ActivityHandler, InvokeResponse, TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConfigurationServiceClientCredentialFactory,
)
from botbuilder.schema import Activity, ChannelAccount
from botframework.connector.auth import AppCredentials, ServiceClientCredentialsFactory

from adapters import teams_files
from adapters.app import App
from adapters.config import ConfigError, Settings, is_loopback
from adapters.teams_cards import accepted_file, pressed
from adapters.teams_delivery import (
    GONE,
    Outbound,
    TeamsDelivery,
    activities_of,
    activity_of,
    file_activity,
    is_personal,
    load,
    reference_of,
    remember,
    service_url_allowed,
    status_of,
    tenant_of,
)
from adapters.teams_mentions import people_mentioned, with_tokens
from adapters.teams_people import Emails
from bot import commands
from bot.messages import Inbound, Reply
from bot.ports import DeliveryError
from storage.db import run_db
from storage.models import Person

log = logging.getLogger(__name__)
ROUTE = "/api/messages"
AT_TAG = re.compile(r"<at[^>]*>(.*?)</at>", re.I | re.S)
TAG = re.compile(r"<[^>]+>")
GROUPS = ("channel", "groupChat")
ZONE = re.compile(r"[A-Za-z][\w+-]{0,30}(/[\w+-]{1,30}){0,2}")


# --- the turn ----------------------------------------------------------------------------------


def person_key(activity: Activity) -> tuple[str, str]:
    """(team_id, user_id) as the core knows a Teams person: tenant and AAD object id."""
    user = activity.from_property or ChannelAccount(id="")
    return tenant_of(activity), str(user.aad_object_id or user.id or "")


def bot_mentions(activity: Activity) -> list[str]:
    """The texts (`<at>name</at>`) of the mentions of this bot in the message."""
    bot_id = activity.recipient.id if activity.recipient else None
    found = []
    for entity in activity.entities or []:
        props = getattr(entity, "additional_properties", None) or {}
        who = props.get("mentioned")
        is_mention = (entity.type or "").lower() == "mention"
        if is_mention and isinstance(who, dict) and who.get("id") == bot_id:
            found.append(str(props.get("text") or ""))
    return found


def mentioned(activity: Activity) -> bool:
    return bool(bot_mentions(activity))


def plain_text(activity: Activity) -> str:
    """The message without the bot's mention; other mentions keep the name, markup goes."""
    try:
        text = TurnContext.remove_recipient_mention(activity) or ""
    except (KeyError, TypeError, AttributeError, re.error):  # odd mention entities: strip below
        text = activity.text or ""
    for mention in bot_mentions(activity):  # whatever the SDK's pattern missed
        text = text.replace(mention, " ") if mention else text
    text = AT_TAG.sub(lambda m: m.group(1), text)
    return unescape(TAG.sub(" ", text)).strip()


def zone_of(activity: Activity) -> str | None:
    """The client's IANA time zone (localTimezone, else the clientInfo entity's); anything that
    cannot be a zone name is dropped here rather than handed to the core."""
    found = [activity.local_timezone]
    for entity in activity.entities or []:
        props = getattr(entity, "additional_properties", None) or {}
        if (entity.type or "").lower() == "clientinfo":
            found.append(props.get("timezone"))
    for zone in found:
        if isinstance(zone, str) and ZONE.fullmatch(zone):
            return zone
    return None


def locale_of(activity: Activity) -> str | None:
    """The activity's locale, else the Teams client's (a clientInfo entity)."""
    if activity.locale:
        return str(activity.locale)
    for entity in activity.entities or []:
        props = getattr(entity, "additional_properties", None) or {}
        if (entity.type or "").lower() == "clientinfo" and isinstance(props.get("locale"), str):
            return props["locale"]
    return None


class TeamsBot(ActivityHandler):
    def __init__(self, app: App, outbound: Outbound) -> None:
        self.app = app
        self.outbound = outbound
        self.emails = Emails()  # the UPN, so calendars and bookings find the person

    async def on_turn(self, turn_context: TurnContext) -> None:
        try:
            await super().on_turn(turn_context)
        except Exception as exc:  # noqa: BLE001 - the connector failed; the core has recorded all
            log.error(
                "Teams turn (%s) failed: %s (HTTP %s)",
                turn_context.activity.type,
                exc.__class__.__name__,
                status_of(exc),
            )

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        act = turn_context.activity
        if act.id and not await run_db(
            self.app.repo.first_delivery, f"teams:{act.conversation.id}:{act.id}"
        ):
            return  # a redelivery: already answered
        in_group = not is_personal(act.conversation)
        press = pressed(act.value) if not (act.text or "").strip() else None
        text = "" if press else plain_text(act)
        if text and people_mentioned(act):  # `coach @A @B`; "@Kalle åker till Gävle" (his trip)
            text = await run_db(with_tokens, self.app.repo, act, text)
        inbound = self._inbound(
            act,
            email=await self.emails.get(turn_context),
            text=text,
            in_channel=in_group,
            command=bool(
                in_group and text and mentioned(act) and commands.match(text, strict=False)
            ),
            choice=press.choice if press else None,
            suggestion_id=press.suggestion_id if press else None,
            value=press.value if press else None,
        )
        replies = await run_db(self.app.conversation.handle, inbound)
        files = teams_files.uploads(act.attachments) if not in_group and not press else []
        if files:  # an .ics invite sent to the bot (a bare file has no text to answer)
            found = await teams_files.answer(self.app, inbound.team_id, inbound.user_id, files)
            replies = (replies if text else []) + found
        await self._answer(turn_context, replies, replace_id=act.reply_to_id if press else None)

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        act = turn_context.activity
        bot_id = act.recipient.id if act.recipient else None
        if not act.from_property or not any(m.id == bot_id for m in members_added or []):
            return  # someone else joined: not ours to greet
        # "hjälp" is help in both languages; with no locale known it also makes Swedish the guess.
        inbound = self._inbound(
            act, text="hjälp", command=True, email=await self.emails.get(turn_context)
        )
        replies = await run_db(self.app.conversation.handle, inbound)
        await self._answer(turn_context, replies)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        if turn_context.activity.name == "fileConsent/invoke":
            await self._file_consent(turn_context)
        # Our cards use Action.Submit (a message), so no other invoke is expected: acknowledge.
        return InvokeResponse(status=200, body={})

    async def _file_consent(self, ctx: TurnContext) -> None:
        """The person allowed a file we offered (a CSV report): upload it, show it."""
        accepted = accepted_file(ctx.activity.value)
        if accepted is None:
            return  # declined, or not our offer: nothing to send
        try:
            await self.outbound.upload(accepted)
        except (DeliveryError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("could not upload %s to Teams: %s", accepted.name, exc)
            return
        await self.outbound.send_each(ctx, [file_activity(accepted)])

    def _inbound(self, act: Activity, **fields: Any) -> Inbound:
        team_id, user_id = person_key(act)
        return Inbound(
            platform="teams",
            user_id=user_id,
            team_id=team_id,
            locale=locale_of(act),
            timezone=zone_of(act),
            name=act.from_property.name if act.from_property else None,
            **fields,
        )

    async def _answer(
        self, ctx: TurnContext, replies: list[Reply], replace_id: str | None = None
    ) -> None:
        act = ctx.activity
        team_id, user_id = person_key(act)
        person = await run_db(remember, self.app.repo, team_id, user_id, reference_of(act))
        if not replies:
            return
        if not is_personal(act.conversation):
            await self._private(ctx, person, replies)
            return
        activities = activities_of(replies)
        if replace_id and replies[0].replaces_choices:
            try:
                await self.outbound.update(ctx, replace_id, activities[0])
                activities.pop(0)
            except Exception as exc:  # noqa: BLE001 - an old card may not be editable: say it anew
                log.info("could not replace a Teams card (HTTP %s); sending anew", status_of(exc))
                activities[0] = activity_of(replies[0])
        await self.outbound.send_each(ctx, activities)

    async def _private(self, ctx: TurnContext, person: Person | None, replies: list[Reply]) -> None:
        """Answer someone who wrote in a channel or group in their 1:1 chat, opening one if needed."""
        activities = activities_of(replies)
        stored = load(person.address) if person and not person.address_stale else None
        here = reference_of(ctx.activity)
        if stored is not None and is_personal(stored.conversation):
            try:
                await self.outbound.to_reference(stored, activities)
                return
            except Exception as exc:
                if status_of(exc) not in GONE:
                    raise
                log.info("stored Teams 1:1 chat is gone; opening a new one")
                activities = activities_of(replies)
        used = await self.outbound.to_reference(here, activities)
        if person is not None:
            await run_db(remember, self.app.repo, person.team_id, person.user_id, used)


# --- HTTP -----------------------------------------------------------------------------------------


def problem(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def check_activity(body: object) -> str | None:
    """Why this is not an activity we can take, or None. CloudAdapter fails with a 500 otherwise."""
    if not isinstance(body, dict):
        return "the body must be a JSON object (a Bot Framework activity)"
    if not isinstance(body.get("type"), str) or not body["type"]:
        return "type is required"
    url = body.get("serviceUrl")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return "serviceUrl must be an http(s) URL"
    for name in ("conversation", "from"):
        part = body.get(name)
        if not isinstance(part, dict) or not isinstance(part.get("id"), str) or not part["id"]:
            return f"{name}.id is required"
    if "recipient" in body and not isinstance(body["recipient"], dict):
        return "recipient must be an object"
    return None


def check_credentials(settings: Settings) -> None:
    """Say which setting is missing before the SDK fails with a bare Exception (or, with no
    password, much later at the first reply)."""
    if settings.teams_emulator_mode:
        return
    kind = settings.microsoft_app_type
    if kind in ("MultiTenant", "SingleTenant") and not settings.microsoft_app_password:
        raise ConfigError(
            "MICROSOFT_APP_ID is set but MICROSOFT_APP_PASSWORD is not: give the bot's client "
            "secret (Azure Bot resource > Configuration), or unset MICROSOFT_APP_ID for the Emulator."
        )
    if kind in ("SingleTenant", "UserAssignedMSI") and not settings.microsoft_app_tenant_id:
        raise ConfigError(
            f"MICROSOFT_APP_TYPE={kind} needs MICROSOFT_APP_TENANT_ID (the Entra tenant id the bot "
            "is registered in)."
        )


class ReusedCredentials(ServiceClientCredentialsFactory):
    """botbuilder makes new credentials, and with them an empty token cache, for every turn and
    every proactive send: a blocking sign-in at Entra ID each time. Keep one per audience so the
    token is reused until it expires."""

    def __init__(self, inner: ServiceClientCredentialsFactory) -> None:
        self.inner = inner
        self.made: dict[tuple[str, str, str, bool], AppCredentials] = {}

    async def is_valid_app_id(self, app_id: str) -> bool:
        return await self.inner.is_valid_app_id(app_id)

    async def is_authentication_disabled(self) -> bool:
        return await self.inner.is_authentication_disabled()

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> AppCredentials:
        key = (app_id, oauth_scope, login_endpoint, validate_authority)
        if key not in self.made:
            self.made[key] = await self.inner.create_credentials(*key)
        return self.made[key]


def auth_config(settings: Settings) -> SimpleNamespace:
    """The names ConfigurationBotFrameworkAuthentication reads; no app id means the Emulator."""
    if settings.teams_emulator_mode:
        return SimpleNamespace(
            APP_ID=None, APP_PASSWORD=None, APP_TYPE="MultiTenant", APP_TENANTID=None
        )
    return SimpleNamespace(
        APP_ID=settings.microsoft_app_id,
        APP_PASSWORD=settings.microsoft_app_password,
        APP_TYPE=settings.microsoft_app_type,
        APP_TENANTID=settings.microsoft_app_tenant_id,
    )


def setup(web_app: web.Application, app: App, host: str) -> None:
    settings = app.settings
    emulator = settings.teams_emulator_mode
    if emulator and not is_loopback(host):
        log.error(
            "Teams is in emulator mode (no MICROSOFT_APP_ID) on %s: %s refuses activities",
            host,
            ROUTE,
        )

        async def refuse(_request: web.Request) -> web.Response:
            return problem(
                403, "emulator mode (no MICROSOFT_APP_ID) answers only on a loopback address"
            )

        web_app.router.add_post(ROUTE, refuse)
        return

    check_credentials(settings)
    config = auth_config(settings)
    credentials = ReusedCredentials(ConfigurationServiceClientCredentialFactory(config))
    adapter = CloudAdapter(
        ConfigurationBotFrameworkAuthentication(config, credentials_factory=credentials)
    )
    outbound = Outbound(adapter, settings.microsoft_app_id, emulator)
    bot = TeamsBot(app, outbound)
    app.notifier.register(TeamsDelivery(outbound, app.repo))

    async def messages(request: web.Request) -> web.Response:
        if request.content_type != "application/json":
            return problem(415, "Content-Type must be application/json")
        try:
            body = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError):
            return problem(400, "the body is not valid JSON")
        why = check_activity(body)
        if why:
            return problem(400, why)
        if not service_url_allowed(body["serviceUrl"], emulator):
            return problem(
                403, "emulator mode (no MICROSOFT_APP_ID) answers only loopback serviceUrls"
            )
        try:
            activity = Activity().deserialize(body)
        except Exception as exc:  # noqa: BLE001 - msrest's DeserializationError and kin
            return problem(400, f"not a Bot Framework activity ({exc.__class__.__name__})")
        auth = adapter.bot_framework_authentication
        try:
            result = await auth.authenticate_request(
                activity, request.headers.get("Authorization", "")
            )
        except Exception as exc:  # noqa: BLE001 - PermissionError, jwt errors, bad claims: all 401
            log.info("refused a Teams request: %s", exc.__class__.__name__)
            return problem(401, "the request does not carry a valid Bot Framework token")
        try:
            invoke = await adapter.process_activity(result, activity, bot.on_turn)
        except Exception:  # the turn itself never raises: this is reaching the connector
            log.exception("could not set up a Teams turn")
            return problem(502, "could not reach the Bot Framework connector")
        if invoke is not None:
            return web.json_response(invoke.body, status=invoke.status)
        return web.Response(status=200)

    web_app.router.add_post(ROUTE, messages)
