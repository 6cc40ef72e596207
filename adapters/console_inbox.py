"""Proactive messages for people on the console (`resfri chat`): a small inbox on disk.

Check-ins and reminders are sent by whichever process ticks (`resfri worker`, `resfri serve`),
usually not the terminal the person chats in; so they are written as JSON lines to one file per
person next to the database, and `resfri chat` shows them when it starts and after each line.
Only what the bot says is kept there, until it has been shown.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.messages import Choice, Reply
from storage.models import Person

PLATFORM = "console"


def folder_for(engine: Engine) -> Path:
    """Next to a SQLite database file; else the working directory."""
    db = engine.url.database if engine.dialect.name == "sqlite" else None
    base = Path(db).resolve().parent if db and db != ":memory:" else Path.cwd()
    return base / "resfri-console"


def _file(folder: Path, user_id: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", user_id)[:40]
    digest = hashlib.sha256(user_id.encode()).hexdigest()[:8]  # ids that fold alike stay apart
    return folder / f"{safe}-{digest}.jsonl"


class ConsoleInbox:
    """The console's Delivery: appends to the person's file, which the chat takes and empties."""

    platform = PLATFORM

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def send(self, person: Person, replies: list[Reply]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        lines = "".join(json.dumps(_dump(r), ensure_ascii=False) + "\n" for r in replies)
        with _file(self.folder, person.user_id).open("a", encoding="utf-8") as f:
            f.write(lines)

    def take(self, user_id: str) -> list[Reply]:
        """What arrived for `user_id`, oldest first; the file is emptied. A worker writing at the
        same moment starts a new file, so nothing is lost or shown twice."""
        path = _file(self.folder, user_id)
        taking = path.with_suffix(f".{os.getpid()}.taking")
        try:
            os.replace(path, taking)
        except FileNotFoundError:
            return []
        try:
            text = taking.read_text(encoding="utf-8")
        finally:
            taking.unlink(missing_ok=True)
        replies = []
        for line in text.splitlines():
            try:
                replies.append(_load(json.loads(line)))
            except (ValueError, TypeError, KeyError):
                continue  # a torn line: skip it rather than stop the chat
        return replies


def _dump(reply: Reply) -> dict:
    return {
        "text": reply.text,
        "facts": [list(f) for f in reply.facts],
        "choices": [[c.id, c.label, c.value, c.style] for c in reply.choices],
        "about": reply.about,
        "kind": reply.kind,
        "note": reply.note,
        "files": [a.filename for a in reply.attachments],
    }


def _load(data: dict) -> Reply:
    text = data["text"]
    if data.get("files"):
        text += "".join(f"\n  ({name})" for name in data["files"])
    return Reply(
        text,
        facts=[(str(a), str(b)) for a, b in data.get("facts") or []],
        choices=[Choice(*c) for c in data.get("choices") or []],
        about=data.get("about"),
        kind=str(data.get("kind") or "info"),
        note=data.get("note"),
    )
