"""Files a person sends the bot in their Teams 1:1 chat (an `.ics` invite), as `ics.Upload`s.

Teams hands a file to a bot (manifest `supportsFiles: true`) as an attachment of type
`application/vnd.microsoft.teams.file.download.info` whose `content.downloadUrl` is a short-lived
pre-authorised link. The Emulator and Web Chat attach files with a plain `contentUrl`.
"""

from __future__ import annotations

from typing import Any

from adapters import ics
from adapters.app import App
from bot.messages import Reply
from storage.db import run_db

DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"
NOT_FILES = (
    "text/html",
    "application/vnd.microsoft.card.",
    "application/vnd.microsoft.teams.card.",
)


def uploads(attachments: list[Any] | None) -> list[ics.Upload]:
    """The files among an activity's attachments (the message's own HTML and cards are not)."""
    found = []
    for att in attachments or []:
        kind = str(getattr(att, "content_type", "") or "")
        name = str(getattr(att, "name", "") or "")
        content = getattr(att, "content", None)
        if kind == DOWNLOAD_INFO and isinstance(content, dict):
            url = str(content.get("downloadUrl") or "")
            file_type = str(content.get("fileType") or "")
            mime = "text/calendar" if file_type.lower() in ("ics", "ical", "vcs") else ""
            found.append(ics.Upload(name=name or f"file.{file_type}", url=url, mime=mime))
        elif kind and not kind.startswith(NOT_FILES) and getattr(att, "content_url", None):
            url = str(att.content_url)
            if url.startswith(("http://", "https://")):
                found.append(ics.Upload(name=name, url=url, mime=kind))
    return found


async def answer(app: App, team_id: str, user_id: str, files: list[ics.Upload]) -> list[Reply]:
    """Read the files a person sent and say what they hold for them."""
    person = await run_db(app.repo.person, "teams", team_id, user_id)
    return await ics.answer_files(app, person, files)
