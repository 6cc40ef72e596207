"""Files a person sends the bot in a Slack DM (an `.ics` invite), translated to `ics.Upload`s.

Slack's file objects (in a `file_share` message) carry `url_private_download`, fetched with the
bot token (scope `files:read`). The token goes only to Slack's own hosts (or the host of
SLACK_API_URL, for a local stand-in). Files shared with `file_access: check_file_info` are
looked up with `files.info` first.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters import ics
from adapters.app import App
from bot.messages import Reply
from storage.db import run_db

log = logging.getLogger(__name__)


def _trusted(url: str, api_url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return urlsplit(url).scheme in ("https", "http") and (
        host == "slack.com" or host.endswith(".slack.com") or host == urlsplit(api_url).hostname
    )


async def _file(client: AsyncWebClient, item: dict[str, Any]) -> dict[str, Any]:
    if item.get("url_private_download") or item.get("url_private") or not item.get("id"):
        return item
    try:
        found = await client.files_info(file=str(item["id"]))
        return dict(found.get("file") or item)
    except SlackApiError as exc:
        log.info("slack: files.info refused (%s)", exc.response.get("error"))
        return item


async def answer(
    app: App, client: AsyncWebClient, team_id: str, user_id: str, files: list[dict[str, Any]]
) -> list[Reply]:
    """Read the files a person sent in their DM and say what they hold for them."""
    person = await run_db(app.repo.person, "slack", team_id, user_id)
    uploads = []
    for item in files[: ics.MAX_FILES]:
        item = await _file(client, item)
        url = str(item.get("url_private_download") or item.get("url_private") or "")
        if url and not _trusted(url, app.settings.slack_api_url):
            log.warning("slack: a file URL outside Slack was not fetched")
            url = ""
        headers = {"Authorization": f"Bearer {client.token}"} if client.token else {}
        uploads.append(
            ics.Upload(
                name=str(item.get("name") or item.get("title") or ""),
                url=url,
                mime=str(item.get("mimetype") or ""),
                size=item.get("size") if isinstance(item.get("size"), int) else None,
                headers=headers,
            )
        )
    return await ics.answer_files(app, person, uploads)
