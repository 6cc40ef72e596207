"""GET / : a small page to try the bot in a browser, on the same conversation core."""

from __future__ import annotations

import dataclasses
import re
from importlib import resources
from typing import Any

from aiohttp import web

from bot.messages import Inbound, Reply
from storage.db import run_db

USER_ID = re.compile(r"^[A-Za-z0-9_-]{4,64}$")
MAX_TEXT = 200_000


def reply_json(reply: Reply) -> dict[str, Any]:
    data = dataclasses.asdict(reply)
    data.pop("attachments")
    data["choices"] = [dataclasses.asdict(c) for c in reply.choices]
    return data


def setup(web_app: web.Application, app: Any) -> None:
    page = resources.files("adapters").joinpath("try.html").read_text(encoding="utf-8")

    async def index(_request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    async def message(request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"error": "the body must be JSON"}, status=400)
        if not isinstance(body, dict) or not USER_ID.match(str(body.get("user", ""))):
            return web.json_response({"error": "user must be 4-64 letters, digits, - or _"}, status=400)
        text = body.get("text") or ""
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            return web.json_response({"error": "text must be a string under 200 KB"}, status=400)
        about = body.get("suggestion")
        inbound = Inbound(
            platform="web", user_id=body["user"], text=text,
            choice=str(body["choice"]) if body.get("choice") else None,
            suggestion_id=about if isinstance(about, int) else None,
            value=str(body["value"]) if body.get("value") else None,
            locale=str(body.get("lang") or "") or None,
        )
        replies = await run_db(app.conversation.handle, inbound)
        return web.json_response({"replies": [reply_json(r) for r in replies]})

    async def poll(request: web.Request) -> web.Response:
        user = request.query.get("user", "")
        if not USER_ID.match(user):
            return web.json_response({"error": "unknown user"}, status=400)
        return web.json_response({"replies": [reply_json(r) for r in app.web_inbox.take(user)]})

    web_app.router.add_get("/", index)
    web_app.router.add_post("/try/message", message)
    web_app.router.add_get("/try/poll", poll)
