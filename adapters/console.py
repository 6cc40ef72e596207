"""`resfri chat`: the conversation core in a terminal. Numbered choices; type a number to press."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from adapters.console_inbox import ConsoleInbox
from bot.conversation import Conversation
from bot.messages import Choice, Inbound, Reply


class Console:
    def __init__(self, conversation: Conversation, user_id: str, lang: str | None,
                 out: TextIO = sys.stdout, inbox: ConsoleInbox | None = None) -> None:
        self.conversation = conversation
        self.user_id = user_id
        self.locale = lang
        self.out = out
        self.inbox = inbox  # check-ins and reminders a worker sent meanwhile
        self.pending: list[tuple[Choice, int | None]] = []  # numbered choices on screen

    def run(self, lines: Iterable[str]) -> None:
        self.show(self.arrived())
        for line in lines:
            self.handle_line(line.rstrip("\n"))

    def arrived(self) -> list[Reply]:
        return self.inbox.take(self.user_id) if self.inbox is not None else []

    def handle_line(self, line: str) -> None:
        text = line.strip()
        if text.isdigit() and 1 <= int(text) <= len(self.pending):
            choice, about = self.pending[int(text) - 1]
            inbound = Inbound("console", self.user_id, choice=choice.id, suggestion_id=about,
                              value=choice.value, locale=self.locale)
        elif text.startswith("/resfri"):  # typed as the Slack/Teams slash command
            inbound = Inbound("console", self.user_id, text=text[len("/resfri"):].strip(),
                              command=True, locale=self.locale)
        else:
            inbound = Inbound("console", self.user_id, text=line, locale=self.locale)
        self.show(self.conversation.handle(inbound) + self.arrived())

    def show(self, replies: list[Reply]) -> None:
        numbered: list[tuple[Choice, int | None]] = []
        for reply in replies:
            print(reply.as_text(), file=self.out)
            for att in reply.attachments:  # what Slack and Teams upload: a file here
                Path(Path(att.filename).name).write_bytes(att.data)
                print(f"  [{att.filename}: {len(att.data):,} bytes]", file=self.out)
            for choice in reply.choices:
                numbered.append((choice, reply.about))
                print(f"  [{len(numbered)}] {choice.label}", file=self.out)
        if replies:
            self.pending = numbered
        self.out.flush()
