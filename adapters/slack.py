"""Slack: bolt's AsyncApp hosted inside our aiohttp app at /slack/*, translating Slack's events,
commands and button presses into `Inbound`s for the core and its replies back into Block Kit.

Every request is acknowledged first and the work (dedupe, the core, Web API calls) runs after the
ack. Events API callbacks are checked (signature, JSON), answered 200 by us and queued for a few
workers that dispatch them through bolt: bolt's dispatch and the work after it cost a few
milliseconds of CPU, so running them before the ack would cap a core well below Slack's bursts
(bench/bench_slack.py), and a bounded set of workers keeps a backlog from starving the acks.
Direct messages and mentions go ahead of channel chatter.
Commands and button presses go through bolt at once (they ack themselves) and continue in tasks
this adapter keeps a reference to. Rules about what to say live in bot/.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import hashlib
import hmac
import itertools
import json
import logging
import os
import re
import time
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient
from sqlalchemy import update
from sqlmodel import select

from adapters import slack_blocks, slack_files
from adapters.app import App
from adapters.slack_delivery import (
    Profiles,
    SlackDelivery,
    failure,
    lang_of,
    make_client,
    open_dm,
    post,
    upload,
)
from adapters.slack_stores import DbInstallationStore, DbOAuthStateStore
from bot import texts
from bot.messages import Inbound, Reply
from storage.db import run_db
from storage.models import Person

log = logging.getLogger(__name__)

BOT_SCOPES = [
    "app_mentions:read",
    "channels:history",
    "groups:history",
    "im:history",
    "mpim:history",
    "chat:write",
    "im:write",
    "commands",
    "users:read",
    "users:read.email",
    "files:write",
    "files:read",
]
# Message subtypes that are a person writing; edits, joins, bot posts and the rest are not.
PERSON_SUBTYPES = (None, "file_share", "thread_broadcast")
WORKERS = 4  # events handled at once after the ack
MAX_QUEUED_BYTES = 64 * 1024 * 1024  # beyond this, answer 503 and let Slack retry later
# What bolt reads from the environment by itself. A SLACK_CLIENT_ID that is set, even to "",
# turns on its OAuth flow with file-based stores (and then ignores our bot token).
BOLT_ENV = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_BOT_TOKEN")


def text_for_core(text: str, bot_user_id: str | None) -> str:
    """The message without the bot's own mention. Other people's mentions stay: in a command
    they name people (`coach <@U1> <@U2>`), in chat they say who travels ("<@U1> åker till
    Gävle" is a colleague's trip, "<@U1> och jag kör" is the writer's with a companion)."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    return text.strip()


class SlackAdapter:
    def __init__(self, app: App) -> None:
        self.app = app
        settings = app.settings
        self.secret = settings.slack_signing_secret or ""
        self.client = make_client(settings.slack_api_url, settings.slack_bot_token)
        self.tasks: set[asyncio.Task[None]] = set()
        # (priority, arrival, raw body, headers): DMs and mentions (0) before channel chatter (1).
        self.queue: asyncio.PriorityQueue[tuple[int, int, bytes, dict[str, str]]] = (
            asyncio.PriorityQueue()
        )
        self.queued_bytes = 0
        self._arrival = itertools.count()
        self._workers: list[asyncio.Task[None]] = []
        self._busy = 0  # events taken from the queue and not finished
        self.profiles = Profiles()
        self.store: DbInstallationStore | None = None
        self.bolt = self._bolt()
        self.delivery = SlackDelivery(make_client(settings.slack_api_url), app.repo, self.token_for)
        self._register()

    # --- wiring ---------------------------------------------------------------------------

    def _bolt(self) -> AsyncApp:
        """bolt with explicit settings: left alone it reads SLACK_CLIENT_ID from the environment
        and keeps installs in files."""
        settings = self.app.settings
        common: dict[str, Any] = {
            "signing_secret": self.secret,
            "client": self.client,
            # Our workers await each event's listener to the end (that bounds the work in
            # flight); commands and actions ack first and continue in tasks.
            "process_before_response": True,
            "logger": log,
            # Checked already in events() over the raw bytes; the assistant/function helpers are
            # unused and cost a third of bolt's per-request time.
            "request_verification_enabled": False,
            "attaching_function_token_enabled": False,
            "attaching_conversation_kwargs_enabled": False,
        }
        if not settings.slack_oauth_enabled:
            with _hidden_env(BOLT_ENV):
                return AsyncApp(**common)
        cid, csecret = settings.slack_client_id or "", settings.slack_client_secret or ""
        self.store = DbInstallationStore(self.app.repo, cid)
        oauth = AsyncOAuthSettings(
            client_id=cid,
            client_secret=csecret,
            scopes=BOT_SCOPES,
            user_scopes=[],
            installation_store=self.store,
            installation_store_bot_only=True,
            state_store=DbOAuthStateStore(self.app.repo),
            install_path="/slack/install",
            redirect_uri_path="/slack/oauth_redirect",
        )
        # auth.test once per token, not once per event.
        authorize = AsyncInstallationStoreAuthorize(
            installation_store=self.store,
            client_id=cid,
            client_secret=csecret,
            logger=log,
            bot_only=True,
            cache_enabled=True,
            client=self.client,
        )
        with _hidden_env(BOLT_ENV):
            return AsyncApp(
                **common,
                oauth_settings=oauth,
                installation_store=self.store,
                installation_store_bot_only=True,
                authorize=authorize,
            )

    def _register(self) -> None:
        b = self.bolt
        b.event("message")(self._on_message)
        b.event("app_mention")(self._on_mention)
        b.event("app_home_opened")(self._on_home)
        b.event("app_uninstalled")(self._on_uninstalled)
        b.event("tokens_revoked")(self._on_uninstalled)
        b.event("user_change")(self._on_user_change)
        b.event(re.compile(".*"))(self._ignore)  # acked, so Slack does not redeliver it
        b.command("/resfri")(self._on_command)
        b.action(re.compile(".*"))(self._on_action)

    async def start(self, _web_app: web.Application) -> None:
        session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20))
        self.client.session = session  # per-request clients bolt makes share it too
        self.delivery.client.session = session
        self._workers = [asyncio.create_task(self._worker()) for _ in range(WORKERS)]
        # Everything loaded so far (place names, parsers, SDKs) lives as long as the process: keep
        # it out of the collector, whose full passes over it otherwise stall acks for ~100 ms.
        gc.freeze()

    async def close(self, _web_app: web.Application) -> None:
        await self.drain(timeout=10)
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        if self.queue.qsize():
            log.error("slack: %d acknowledged events not handled at shutdown", self.queue.qsize())
        if self.client.session:
            await self.client.session.close()

    async def _worker(self) -> None:
        while True:
            _, _, raw, headers = await self.queue.get()
            self._busy += 1
            try:
                await self.bolt.async_dispatch(AsyncBoltRequest(body=raw.decode(), headers=headers))
            except Exception:
                log.exception("slack: handling an acknowledged event failed")
            finally:
                self._busy -= 1
                self.queued_bytes -= len(raw)
                self.queue.task_done()

    def spawn(self, coro: Coroutine[Any, Any, None], what: str) -> None:
        task = asyncio.create_task(self._guarded(coro, what))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _guarded(self, coro: Coroutine[Any, Any, None], what: str) -> None:
        """Run acknowledged work; what could not be sent (the Web API's retries used up) is
        logged with Slack's reason, since nobody else will hear of it."""
        try:
            await coro
        except Exception as exc:
            log.error("slack: %s could not be sent: %s", what, failure(exc), exc_info=exc)

    async def drain(self, timeout: float | None = None) -> None:
        """Wait for the work of acknowledged requests: queued events and tasks (tests, shutdown)."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        await asyncio.sleep(0.01)  # let just-acked requests reach the queue
        while self.queue.qsize() or self._busy or self.tasks:
            left = None if deadline is None else deadline - loop.time()
            if left is not None and left <= 0:
                return
            waiting = [asyncio.ensure_future(self.queue.join()), *self.tasks]
            await asyncio.wait(waiting, timeout=left, return_when=asyncio.ALL_COMPLETED)

    async def token_for(self, team_id: str) -> str | None:
        if self.store is None:
            return self.app.settings.slack_bot_token
        bot = await self.store.async_find_bot(enterprise_id=None, team_id=team_id)
        return bot.bot_token if bot else None

    # --- HTTP -----------------------------------------------------------------------------

    async def events(self, request: web.Request) -> web.Response:
        raw = await request.read()
        if not _signed(
            self.secret,
            raw,
            request.headers.get("X-Slack-Request-Timestamp", ""),
            request.headers.get("X-Slack-Signature", ""),
        ):
            return web.Response(status=401, text="invalid request signature")
        body, problem = _parse(raw, request.content_type)
        problem = problem or _malformed(body)
        if problem:
            return web.Response(status=problem[0], text=problem[1])
        if body.get("type") == "event_callback" and self._workers:
            if self.queued_bytes + len(raw) > MAX_QUEUED_BYTES:
                log.warning("slack: event backlog full, asking Slack to retry later")
                return web.Response(status=503, text="busy, retry later")
            event = body.get("event") or {}
            urgent = event.get("type") != "message" or event.get("channel_type") == "im"
            self.queued_bytes += len(raw)
            self.queue.put_nowait(
                (0 if urgent else 1, next(self._arrival), raw, dict(request.headers))
            )
            return web.Response(status=200)
        bolt_req = AsyncBoltRequest(
            body=raw.decode(), query=request.query_string, headers=request.headers
        )  # type: ignore[arg-type]
        return await to_aiohttp_response(await self.bolt.async_dispatch(bolt_req))

    async def oauth(self, request: web.Request) -> web.Response:
        flow = self.bolt.oauth_flow
        assert flow is not None
        bolt_req = AsyncBoltRequest(body="", query=request.query_string, headers=request.headers)  # type: ignore[arg-type]
        if request.path == flow.install_path:
            return await to_aiohttp_response(await flow.handle_installation(bolt_req))
        return await to_aiohttp_response(await flow.handle_callback(bolt_req))

    # --- listeners: events run to the end in a worker; commands and actions ack first ------

    async def _ignore(self) -> None:
        return None

    async def _on_message(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, context: Any
    ) -> None:
        await self._message(body, event, client, context.bot_user_id, mention=False)

    async def _on_mention(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, context: Any
    ) -> None:
        await self._message(body, event, client, context.bot_user_id, mention=True)

    async def _on_home(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("tab") == "home":
            await self._home(body, event, client)

    async def _on_command(self, ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        self.spawn(self._command(body, client), f"the answer to /resfri from {body.get('user_id')}")

    async def _on_action(self, ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        if body.get("type") == "block_actions" and body.get("actions"):
            who = (body.get("user") or {}).get("id")
            self.spawn(self._action(body, client), f"the answer to {who}'s button press")

    async def _on_user_change(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        user = event.get("user") or {}
        if isinstance(user, dict) and user.get("id"):
            team = str(user.get("team_id") or body.get("team_id") or "")
            self.profiles.forget(team, str(user["id"]))

    async def _on_uninstalled(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        await self._uninstalled(body, event)

    # --- the work -------------------------------------------------------------------------

    async def _message(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        bot_user_id: str | None,
        mention: bool,
    ) -> None:
        user, channel = event.get("user"), event.get("channel")
        if (
            event.get("bot_id")
            or event.get("subtype") not in PERSON_SUBTYPES
            or not user
            or not channel
            or user == bot_user_id
        ):
            return
        text = event.get("text") if isinstance(event.get("text"), str) else ""
        in_dm = event.get("channel_type") == "im" or (mention and str(channel).startswith("D"))
        if not mention and not in_dm and bot_user_id and f"<@{bot_user_id}>" in text:
            return  # the app_mention event for this message is the one we answer
        event_id = body.get("event_id") or f"{channel}:{event.get('ts')}"
        if not await run_db(self.app.repo.first_delivery, f"slack:{event_id}"):
            return  # a redelivery of something already handled
        team = str(body.get("team_id") or event.get("team") or "")
        profile = await self.profiles.get(client, team, user)
        inbound = Inbound(
            platform="slack",
            user_id=user,
            team_id=team,
            text=text_for_core(text, bot_user_id),
            in_channel=not in_dm,
            **profile,
        )
        replies, lang = await self._handle(inbound, {"channel": channel} if in_dm else {})
        files = event.get("files") if in_dm else None
        if isinstance(files, list) and files:  # an .ics invite sent to the bot (bare: no text)
            found = await slack_files.answer(self.app, client, team, user, files)
            replies = (replies if inbound.text else []) + found
        if replies:  # sent in a task: a rate-limited Web API must not hold up a worker
            self.spawn(
                self._reply(client, event, replies, in_dm, lang), f"the answer to {user} in {channel}"
            )

    async def _reply(
        self,
        client: AsyncWebClient,
        event: dict[str, Any],
        replies: list[Reply],
        in_dm: bool,
        lang: str,
    ) -> None:
        user, channel = event["user"], event["channel"]
        if in_dm:
            await post(client, channel, replies, lang=lang)
            return
        # In a shared channel only the writer sees the answer; files go to their DM.
        shown = [_no_files(r, lang) for r in replies]
        await post(client, channel, shown, user=user, thread_ts=event.get("thread_ts"), lang=lang)
        if any(r.attachments for r in replies):
            await upload(client, await open_dm(client, user), _files(replies), None)

    async def _command(self, body: dict[str, Any], client: AsyncWebClient) -> None:
        user, team = str(body.get("user_id") or ""), str(body.get("team_id") or "")
        channel = str(body.get("channel_id", ""))
        if not user:
            return
        profile = await self.profiles.get(client, team, user)
        in_dm = channel.startswith("D")
        inbound = Inbound(
            platform="slack",
            user_id=user,
            team_id=team,
            command=True,
            text=str(body.get("text") or ""),
            in_channel=not in_dm,
            **profile,
        )
        # The command may come from any DM, not only the bot's: remember no channel, answer
        # through the response_url (only the person sees it).
        replies, lang = await self._handle(inbound, {})
        url = body.get("response_url")
        await self._respond(url, replies, client, user, "" if url else channel, lang)

    async def _action(self, body: dict[str, Any], client: AsyncWebClient) -> None:
        action = body["actions"][0]
        choice, about = slack_blocks.parse_action_id(str(action.get("action_id", "")))
        value = action.get("value") or (action.get("selected_option") or {}).get("value")
        user = str((body.get("user") or {}).get("id") or "")
        team = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id", "")
        if not user:
            return
        container = body.get("container") or {}
        channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id") or "")
        in_dm = channel.startswith("D")
        profile = await self.profiles.get(client, team, user)
        inbound = Inbound(
            platform="slack",
            user_id=user,
            team_id=team,
            choice=choice,
            suggestion_id=about,
            value=value,
            in_channel=not in_dm,
            **profile,
        )
        replies, lang = await self._handle(inbound, {"channel": channel} if in_dm else {})
        replacing = [r for r in replies if r.replaces_choices]
        others = [r for r in replies if not r.replaces_choices]
        if replacing:
            await self._replace(body, client, replacing, lang)
        if others:
            await self._respond(body.get("response_url"), others, client, user, channel, lang)

    async def _replace(
        self, body: dict[str, Any], client: AsyncWebClient, replies: list[Reply], lang: str
    ) -> None:
        """Rewrite the pressed message so its buttons are gone: chat.update for our own
        message, the response_url for an ephemeral one."""
        container = body.get("container") or {}
        original = (body.get("message") or {}).get("blocks")
        merged = Reply(
            "\n".join(r.text for r in replies),
            facts=[f for r in replies for f in r.facts],
            note=replies[-1].note,
            choices=[c for r in replies for c in r.choices],
            about=replies[-1].about,
        )
        msg = slack_blocks.replacement(original, merged, lang)
        ts, channel = container.get("message_ts"), container.get("channel_id")
        if ts and channel and not container.get("is_ephemeral"):
            await client.chat_update(channel=channel, ts=ts, **msg)
        elif body.get("response_url"):
            answer = await self._hook(body["response_url"]).send(replace_original=True, **msg)
            _check_hook(answer.status_code, answer.body)
        files = _files(replies)
        if files and channel:
            await upload(
                client,
                channel
                if str(channel).startswith("D")
                else await open_dm(client, (body.get("user") or {}).get("id", "")),
                files,
                None,
            )

    async def _respond(
        self,
        response_url: str | None,
        replies: list[Reply],
        client: AsyncWebClient,
        user: str,
        channel: str,
        lang: str,
    ) -> None:
        """Answer only the person: in their DM as messages, elsewhere ephemerally."""
        if not replies:
            return
        if channel.startswith("D"):
            await post(client, channel, replies, lang=lang)
            return
        shown = [_no_files(r, lang) for r in replies]
        if response_url:
            msg = slack_blocks.message(shown, lang)
            answer = await self._hook(response_url).send(
                response_type="ephemeral", replace_original=False, **msg
            )
            _check_hook(answer.status_code, answer.body)
        elif channel:
            await post(client, channel, shown, user=user, lang=lang)
        if any(r.attachments for r in replies):
            await upload(client, await open_dm(client, user), _files(replies), None)

    async def _home(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        user, team = event.get("user", ""), str(body.get("team_id", ""))
        profile = await self.profiles.get(client, team, user)
        sections = []
        for words in ("me", "help"):  # the core's own savings and how-it-works texts
            inbound = Inbound(
                platform="slack", user_id=user, team_id=team, command=True, text=words, **profile
            )
            sections.append(await run_db(self.app.conversation.handle, inbound))
        person = await run_db(_find_person, self.app, "slack", team, user)
        view = slack_blocks.home_view(sections, lang_of(person, profile.get("locale")))
        await client.views_publish(user_id=user, view=view)

    async def _uninstalled(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        team = str(body.get("team_id", ""))
        enterprise = body.get("enterprise_id")
        uninstalled = event.get("type") == "app_uninstalled"
        if not uninstalled and not (event.get("tokens") or {}).get("bot"):
            return  # only user tokens, which this app does not ask for
        if self.store is not None:
            if uninstalled:
                await self.store.async_delete_all(enterprise_id=enterprise, team_id=team)
            else:
                await self.store.async_delete_bot(enterprise_id=enterprise, team_id=team)
        # Without the bot's token nobody there can be reached until the app is installed again.
        await run_db(_mark_team_stale, self.app, team)
        self.profiles.forget_team(team)
        log.info("slack: %s for workspace %s", event.get("type"), team)

    # --- helpers --------------------------------------------------------------------------

    async def _handle(self, inbound: Inbound, where: dict[str, str]) -> tuple[list[Reply], str]:
        return await run_db(self._handle_sync, inbound, where)

    def _handle_sync(self, inbound: Inbound, where: dict[str, str]) -> tuple[list[Reply], str]:
        """The core; then how to reach the person later (when they are in touch with us and
        still known: not after "forget me") and the language to render Slack's bits in."""
        replies = self.app.conversation.handle(inbound)
        try:
            person = _find_person(self.app, "slack", inbound.team_id, inbound.user_id)
            if person is not None and (replies or not inbound.in_channel):
                _remember(self.app, person, inbound, where)
        except Exception:  # the answer matters more than the address
            log.exception("slack: could not store a person's address")
            person = None
        return replies, lang_of(person, inbound.locale)

    def _hook(self, url: str) -> AsyncWebhookClient:
        return AsyncWebhookClient(
            url, session=self.client.session, timeout=15, retry_handlers=self.client.retry_handlers
        )


def _find_person(app: App, platform: str, team_id: str, user_id: str) -> Person | None:
    """The person if the core knows them; never creates one (a forgotten person stays gone)."""
    with app.repo.session() as s:
        stmt = select(Person).where(
            Person.platform == platform, Person.team_id == team_id, Person.user_id == user_id
        )
        return s.exec(stmt).first()


def _remember(app: App, person: Person, inbound: Inbound, where: dict[str, str]) -> None:
    try:
        known = json.loads(person.address or "{}")
    except json.JSONDecodeError:
        known = {}
    address = {
        **(known if isinstance(known, dict) else {}),
        "team_id": inbound.team_id,
        "user_id": inbound.user_id,
        **where,
    }
    encoded = json.dumps(address, sort_keys=True)
    if encoded != person.address or person.address_stale:
        app.repo.update_person(person.id, address=encoded, address_stale=False)


def _mark_team_stale(app: App, team_id: str) -> None:
    with app.repo.session() as s:
        s.execute(
            update(Person)
            .where(Person.platform == "slack", Person.team_id == team_id)
            .values(address_stale=True)
        )
        s.commit()


def _no_files(reply: Reply, lang: str) -> Reply:
    """The reply as shown outside the person's DM: its files go to the DM, and it says so."""
    if not reply.attachments:
        return reply
    moved = texts.t(lang, "slack.files_in_dm")
    return dataclasses.replace(
        reply, attachments=[], note=f"{reply.note} {moved}" if reply.note else moved
    )


def _files(replies: list[Reply]) -> list[Any]:
    return [a for r in replies for a in r.attachments]


def _check_hook(status: int, body: str) -> None:
    """A response_url takes a message with 200 and "ok" (or {"ok": true}); it refuses one once
    it has expired (30 minutes, 5 uses)."""
    if status == 200:
        try:
            answer = json.loads(body)
        except ValueError:
            return
        if not isinstance(answer, dict) or answer.get("ok", True):
            return
    raise RuntimeError(f"response_url refused the message: {status} {body.strip()[:200]}")


@contextmanager
def _hidden_env(names: tuple[str, ...]) -> Iterator[None]:
    """Keep bolt from reading settings from the environment while it is built: ours decide."""
    saved = {name: os.environ.pop(name) for name in names if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def _signed(secret: str, raw: bytes, timestamp: str, signature: str) -> bool:
    """Slack's v0 signature over the raw bytes, at most five minutes old. Checked before
    anything else (bolt checks again; slack_sdk's verifier needs text, and a body that is not
    UTF-8 must get a 4xx, not a 500)."""
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 60 * 5:
        return False
    base = b"v0:" + timestamp.encode() + b":" + raw
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def _parse(raw: bytes, content_type: str) -> tuple[dict[str, Any], tuple[int, str] | None]:
    """Slack sends JSON (events) or a form (commands; interactivity as a `payload` field).
    Anything else is refused here with a 4xx instead of failing inside bolt."""
    try:
        text = raw.decode()
    except UnicodeDecodeError:
        return {}, (400, "body is not UTF-8")
    try:
        if content_type == "application/json" or text.startswith("{"):  # as bolt decides
            body = json.loads(text)
            if not isinstance(body, dict):
                return {}, (400, "JSON body is not an object")
            return body, None
        if content_type == "application/x-www-form-urlencoded":
            fields = dict(parse_qsl(text, keep_blank_values=True))
            if "payload" in fields and not isinstance(json.loads(fields["payload"]), dict):
                return {}, (400, "payload is not a JSON object")
            return fields, None
    except (json.JSONDecodeError, ValueError):
        return {}, (400, "body is not valid JSON")
    return {}, (415, "expected application/json or application/x-www-form-urlencoded")


def _malformed(body: dict[str, Any]) -> tuple[int, str] | None:
    """Shapes Slack always sends, checked so a signed but broken body gets a 400, not a 500."""
    if body.get("type") == "event_callback" and not isinstance(body.get("event", {}), dict):
        return 400, "event is not a JSON object"
    if "payload" in body:
        payload = json.loads(body["payload"])
        actions = payload.get("actions", [])
        if not isinstance(actions, list) or not all(
            isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions
        ):
            return 400, "actions are not a list of actions"
    return None


def _half_configured(settings: Any) -> str | None:
    """What is missing when some Slack settings are given but not enough to run (else None)."""
    has_oauth = bool(settings.slack_client_id or settings.slack_client_secret)
    if not (settings.slack_signing_secret or settings.slack_bot_token or has_oauth):
        return None
    if not settings.slack_signing_secret:
        return "SLACK_SIGNING_SECRET is not set (Basic Information → App Credentials)"
    if has_oauth:
        return "OAuth needs both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"
    return "set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"


SLACK_KEY = web.AppKey("slack", SlackAdapter)


def setup(web_app: web.Application, app: App, host: str) -> None:
    """Add /slack/* to our web app and register Slack delivery; nothing when Slack is off."""
    settings = app.settings
    if not settings.slack_enabled:
        if half := _half_configured(settings):
            log.warning("slack: off, %s", half)
        return
    if settings.slack_oauth_enabled:
        log.info("slack: on, installs through /slack/install (OAuth), events at /slack/events")
    else:
        log.info("slack: on for one workspace (SLACK_BOT_TOKEN), events at /slack/events")
    adapter = SlackAdapter(app)
    web_app[SLACK_KEY] = adapter
    web_app.router.add_post("/slack/events", adapter.events)
    if app.settings.slack_oauth_enabled:
        web_app.router.add_get("/slack/install", adapter.oauth)
        web_app.router.add_get("/slack/oauth_redirect", adapter.oauth)
    web_app.on_startup.append(adapter.start)
    web_app.on_cleanup.append(adapter.close)
    app.notifier.register(adapter.delivery)
