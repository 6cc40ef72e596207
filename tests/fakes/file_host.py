"""A local stand-in for where chat platforms keep the files people send: Slack's
files.slack.com (bot token required) and the short-lived SharePoint download links Teams gives
bots (no token). Records each GET and how much of the body was actually read."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class Get:
    path: str
    authorization: str | None


@dataclass
class FileHost:
    files: dict[str, bytes] = field(default_factory=dict)
    token: str | None = None  # when set, GETs need `Authorization: Bearer <token>` (Slack)
    gets: list[Get] = field(default_factory=list)
    bytes_sent: int = 0
    url: str = ""
    _runner: web.AppRunner | None = None

    async def start(self) -> FileHost:
        app = web.Application()
        app.router.add_get("/{path:.*}", self._get)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/"  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    def put(self, path: str, data: bytes) -> str:
        self.files[path] = data
        return self.url + path

    async def _get(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        auth = request.headers.get("Authorization")
        self.gets.append(Get(path, auth))
        if self.token and auth != f"Bearer {self.token}":
            # files.slack.com answers an HTML login page, not a 401, without a token
            return web.Response(
                text="<!DOCTYPE html><html>Sign in</html>", content_type="text/html"
            )
        data = self.files.get(path)
        if data is None:
            return web.Response(status=404)
        # Streamed without a Content-Length, as SharePoint does for big files: the reader must
        # stop by itself.
        res = web.StreamResponse(headers={"Content-Type": "text/calendar"})
        await res.prepare(request)
        try:
            for i in range(0, len(data), 256 * 1024):
                await res.write(data[i : i + 256 * 1024])
                self.bytes_sent += len(data[i : i + 256 * 1024])
        except (ConnectionResetError, ConnectionError):
            return res  # the reader hung up: fine
        await res.write_eof()
        return res
