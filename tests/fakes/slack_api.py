"""A local stand-in for Slack's Web API: answers what resfri calls with Slack's real response
shapes and records every call, so tests assert on what Slack would have received.

Also serves `response_url`s (`/response/<id>`) and file upload URLs (`/upload/<id>`), which Slack
hosts on other hosts; here everything lives on one loopback port.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web


@dataclass
class Call:
    method: str  # Web API method (chat.postMessage), "response_url" or "upload"
    params: dict[str, Any]
    token: str | None = None
    path: str = ""


@dataclass
class Failure:
    status: int = 200
    error: str | None = None  # Slack's `error` code for an ok=false answer
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlackAPI:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.failures: dict[str, list[Failure]] = {}
        self.team_id = "T_FAKE"
        self.bot_user_id = "U_BOT"
        self.bot_id = "B_BOT"
        self.install_token = "xoxb-installed"  # the bot token oauth.v2.access hands out
        self._ts = itertools.count(1)
        self._changed = asyncio.Event()
        self.url = ""  # set by start(): base URL of the Web API, ending in /api/
        self.root = ""
        self._runner: web.AppRunner | None = None

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> FakeSlackAPI:
        web_app = web.Application(client_max_size=10 * 1024 * 1024)
        web_app.router.add_post("/api/{method}", self._api)
        web_app.router.add_get("/api/{method}", self._api)
        web_app.router.add_post("/response/{id}", self._response_url)
        web_app.router.add_post("/upload/{id}", self._upload)
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.root = f"http://127.0.0.1:{port}/"
        self.url = self.root + "api/"
        return self

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    # --- test helpers ---------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        locale: str = "sv-SE",
        tz: str = "Europe/Stockholm",
        email: str | None = None,
        department: str | None = None,
    ) -> None:
        profile: dict[str, Any] = {"real_name": user_id, "title": ""}
        if email:
            profile["email"] = email
        if department:
            profile["department"] = department
        self.users[user_id] = {
            "id": user_id,
            "team_id": self.team_id,
            "name": user_id.lower(),
            "is_bot": False,
            "tz": tz,
            "locale": locale,
            "profile": profile,
        }

    def fail(self, method: str, *failures: Failure) -> None:
        """The next calls of `method` fail like this, in order."""
        self.failures.setdefault(method, []).extend(failures)

    def response_url(self, ref: str = "1") -> str:
        return f"{self.root}response/{ref}"

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Wait until `method` has been called `count` times; return those calls."""

        async def until() -> None:
            while len(self.of(method)) < count:
                self._changed.clear()
                await self._changed.wait()

        try:
            await asyncio.wait_for(until(), timeout)
        except TimeoutError:
            seen = [c.method for c in self.calls]
            raise AssertionError(
                f"{method} called {len(self.of(method))} times, wanted {count}; calls: {seen}"
            ) from None
        return self.of(method)

    # --- handlers -------------------------------------------------------------------------

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._changed.set()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") or params.get("token")
        self._record(Call(method, params, token, request.path))
        queued = self.failures.get(method)
        if queued:
            failure = queued.pop(0)
            body = {"ok": False, "error": failure.error or "fatal_error"}
            return web.json_response(body, status=failure.status, headers=failure.headers)
        if not token and method not in ("oauth.v2.access",):
            return web.json_response({"ok": False, "error": "not_authed"})
        answer = getattr(self, "_" + method.replace(".", "_"), None)
        if answer is None:
            return web.json_response({"ok": True})
        return web.json_response(answer(params))

    async def _response_url(self, request: web.Request) -> web.Response:
        self._record(Call("response_url", await request.json(), path=request.path))
        queued = self.failures.get("response_url")
        if queued:  # e.g. 404 expired_url: used five times or older than 30 minutes
            failure = queued.pop(0)
            body = {"ok": False, "error": failure.error or "fatal_error"}
            return web.json_response(body, status=failure.status, headers=failure.headers)
        return web.Response(text="ok")  # what Slack answers

    async def _upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        self._record(
            Call("upload", {"size": len(data), "id": request.match_info["id"]}, path=request.path)
        )
        return web.Response(text=f"OK - {len(data)}")

    # --- method answers (the fields resfri and the SDKs read) -----------------------------

    def _auth_test(self, _p: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://fake.slack.com/",
            "team": "Fake",
            "user": "resfri",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _users_info(self, p: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(p.get("user", ""))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        user = json.loads(json.dumps(user))
        if str(p.get("include_locale")).lower() not in ("1", "true"):
            user.pop("locale", None)  # Slack leaves it out unless asked
        return {"ok": True, "user": user}

    def _conversations_open(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "channel": {"id": "D" + str(p.get("users", "")).lstrip("U")}}

    def _chat_postMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        ts = f"1700000000.{next(self._ts):06d}"
        return {
            "ok": True,
            "channel": p.get("channel"),
            "ts": ts,
            "message": {"text": p.get("text"), "ts": ts, "bot_id": self.bot_id},
        }

    def _chat_postEphemeral(self, _p: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}

    def _chat_update(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "channel": p.get("channel"), "ts": p.get("ts"), "text": p.get("text")}

    def _views_publish(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "view": {"id": "V1", "type": "home"}}

    def _oauth_v2_access(self, p: dict[str, Any]) -> dict[str, Any]:
        if p.get("code") != "good-code":
            return {"ok": False, "error": "invalid_code"}
        return {
            "ok": True,
            "app_id": "A_FAKE",
            "authed_user": {"id": "U_INSTALLER"},
            "scope": "chat:write,im:history",
            "token_type": "bot",
            "access_token": self.install_token,
            "bot_user_id": self.bot_user_id,
            "team": {"id": self.team_id, "name": "Fake"},
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def _files_getUploadURLExternal(self, p: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._ts)}"
        return {"ok": True, "upload_url": f"{self.root}upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, p: dict[str, Any]) -> dict[str, Any]:
        files = (
            json.loads(p.get("files", "[]")) if isinstance(p.get("files"), str) else p.get("files")
        )
        return {
            "ok": True,
            "files": [{"id": f["id"], "title": f.get("title")} for f in files or []],
        }


# --- Slack's other side: sending signed requests to our /slack/events as Slack would ----------

PAYLOADS = Path(__file__).resolve().parent.parent / "payloads" / "slack"


def payload(name: str) -> dict[str, Any]:
    """A recorded Slack payload from tests/payloads/slack/<name>.json (a fresh copy)."""
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Answer:
    status: int
    text: str
    headers: dict[str, str]


class SlackSender:
    """Posts to resfri's Slack endpoint with Slack's headers and a signature made now."""

    def __init__(self, url: str, secret: str, fake: FakeSlackAPI) -> None:
        self.url = url  # .../slack/events
        self.secret = secret.encode()
        self.fake = fake
        self._ids = itertools.count(100)

    async def post(
        self,
        body: bytes | str,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> Answer:
        raw = body.encode() if isinstance(body, str) else body
        ts = str(timestamp if timestamp is not None else int(time.time()))
        base = b"v0:" + ts.encode() + b":" + raw
        sig = signature or "v0=" + hmac.new(self.secret, base, hashlib.sha256).hexdigest()
        sent = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": sig,
            **(headers or {}),
        }
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.url, data=raw, headers=sent) as r,
        ):
            return Answer(r.status, await r.text(), dict(r.headers))

    async def event(
        self,
        name: str = "event_message_im",
        text: str | None = None,
        event_id: str | None = None,
        retry: int | None = None,
        **event_fields: Any,
    ) -> Answer:
        body = payload(name)
        body["event_id"] = event_id or f"Ev{next(self._ids):05d}"
        if text is not None:
            body["event"]["text"] = text
        body["event"].update(event_fields)
        headers = (
            {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
            if retry
            else {}
        )
        return await self.post(json.dumps(body), headers=headers)

    async def command(self, text: str, channel: str = "C1", user: str = "U1") -> Answer:
        fields = payload("slash_command")
        fields.update(
            text=text,
            channel_id=channel,
            user_id=user,
            response_url=self.fake.response_url(f"cmd{next(self._ids)}"),
        )
        return await self.post(urlencode(fields), "application/x-www-form-urlencoded")

    async def press(
        self,
        action_id: str,
        value: str | None = None,
        channel: str = "D1",
        message: dict[str, Any] | None = None,
        select: bool = False,
        ephemeral: bool = False,
        user: str = "U1",
    ) -> Answer:
        body = payload("block_actions_select" if select else "block_actions")
        action = body["actions"][0]
        action["action_id"] = action_id
        if select:
            action["selected_option"]["value"] = value
        elif value is None:
            action.pop("value")
        else:
            action["value"] = value
        body["user"]["id"] = user
        body["container"].update(channel_id=channel, is_ephemeral=ephemeral)
        body["channel"]["id"] = channel
        if message is not None:
            body["message"].update(message)
            body["container"]["message_ts"] = message.get("ts", body["container"]["message_ts"])
        if ephemeral:
            body.pop("message")
        body["response_url"] = self.fake.response_url(f"act{next(self._ids)}")
        return await self.post(
            urlencode({"payload": json.dumps(body)}), "application/x-www-form-urlencoded"
        )
