"""A local Bot Framework connector (the service behind an activity's `serviceUrl`): records what the
bot sends, answers like the real one, and can be told to fail (403 gone, 429 throttled).

Routes (Bot Connector REST API v3):
  POST /v3/conversations                                    create a conversation -> {"id"}
  POST /v3/conversations/{conversation}/activities          send -> {"id"}
  POST /v3/conversations/{conversation}/activities/{id}     reply to an activity -> {"id"}
  PUT  /v3/conversations/{conversation}/activities/{id}     update (replace) an activity -> {"id"}
  PUT  /upload/{name}                                       a OneDrive upload URL, as Teams hands
                                                            one out in a file consent invoke
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Call:
    method: str
    path: str
    conversation: str | None
    activity_id: str | None  # the id in the path (replied to, or updated)
    body: dict[str, Any]
    auth: str | None
    response_id: str | None = None  # the id the connector gave the new activity

    @property
    def card(self) -> dict[str, Any] | None:
        """The Adaptive Card in this activity, if any."""
        for att in self.body.get("attachments") or []:
            if att.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return att["content"]
        return None


@dataclass
class FakeConnector:
    calls: list[Call] = field(default_factory=list)
    # (method, conversation id or "*") -> statuses to answer next, e.g. [429, 429] then normal
    failures: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    server: TestServer | None = None
    delay: float = 0.0  # seconds each call takes, to see how many the bot makes at once
    in_flight: int = 0
    max_in_flight: int = 0
    uploads: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)

    @property
    def url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("/"))

    def fail(
        self,
        method: str,
        conversation: str,
        status: int,
        times: int = 1,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.failures.setdefault((method, conversation), []).extend(
            [(status, headers or {})] * times
        )

    def sent(self, conversation: str | None = None) -> list[Call]:
        """Activities posted (new messages and replies), optionally to one conversation."""
        return [
            c
            for c in self.calls
            if c.method == "POST"
            and c.conversation is not None
            and (conversation is None or c.conversation == conversation)
        ]

    def updates(self) -> list[Call]:
        return [c for c in self.calls if c.method == "PUT"]

    def created(self) -> list[Call]:
        return [c for c in self.calls if c.method == "POST" and c.conversation is None]

    def _failure(self, method: str, conversation: str | None) -> web.Response | None:
        for key in ((method, conversation or ""), (method, "*")):
            queue = self.failures.get(key)
            if queue:
                status, headers = queue.pop(0)
                return web.json_response(
                    {"error": {"code": "Fake", "message": f"HTTP {status}"}},
                    status=status,
                    headers=headers,
                )
        return None

    async def _record(self, request: web.Request) -> web.Response:
        conv = request.match_info.get("conversation")
        act = request.match_info.get("activity")
        body = await request.json()
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.in_flight -= 1
        call = Call(
            request.method, request.path, conv, act, body, request.headers.get("Authorization")
        )
        failed = self._failure(request.method, conv)
        self.calls.append(call)
        self.arrived.set()
        if failed is not None:
            return failed
        if conv is None:  # create a conversation
            return web.json_response(
                {"id": f"a:1on1-{next(self._ids)}", "activityId": None}, status=201
            )
        if request.method == "PUT":
            return web.json_response({"id": act})
        call.response_id = f"act-{next(self._ids)}"
        return web.json_response({"id": call.response_id}, status=201)

    async def _upload(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.uploads.append((name, dict(request.headers), await request.read()))
        return web.json_response({"id": f"file-{len(self.uploads)}", "name": name}, status=201)

    def web_app(self) -> web.Application:
        app = web.Application()
        app.router.add_put("/upload/{name}", self._upload)
        app.router.add_post("/v3/conversations", self._record)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._record)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._record)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._record)
        return app

    async def start(self) -> FakeConnector:
        self.server = TestServer(self.web_app(), host="127.0.0.1")
        await self.server.start_server()
        return self

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()
