"""The neutral vocabulary between adapters and the core: what came in, what goes out."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Inbound:
    """One thing a person did: wrote text, ran a command, or pressed a choice."""

    platform: str  # slack | teams | console | web
    user_id: str
    team_id: str = ""
    text: str = ""
    command: bool = False  # came as a slash/text command: `text` holds its arguments
    choice: str | None = None  # a pressed choice id: accept, travel, not_trip, reason, ...
    suggestion_id: int | None = None  # what the choice is about (a suggestion, a check-in, ...)
    value: str | None = None  # the choice's value, e.g. a reason id
    locale: str | None = None  # what the platform says, e.g. "sv-SE"
    timezone: str | None = None  # IANA name the platform reports, may be invalid
    email: str | None = None
    name: str | None = None  # display name the platform reports (how coaches see the person)
    unit: str | None = None  # department from the platform profile
    in_channel: bool = False  # written in a shared channel: answer privately

    def cleaned(self) -> Inbound:
        """The same, without NUL characters: no platform means them, and PostgreSQL refuses
        them in any text it is asked to store (a home town, a unit, a time zone)."""
        fields = {k: v.replace("\x00", "") for k, v in vars(self).items()
                  if isinstance(v, str) and "\x00" in v}
        return replace(self, **fields) if fields else self


@dataclass(frozen=True)
class Choice:
    id: str  # stable id (see CONTRACT: accept, travel, not_trip, ...)
    label: str
    value: str | None = None
    style: str | None = None  # primary | danger | None


@dataclass(frozen=True)
class Attachment:
    filename: str
    mime: str
    data: bytes


@dataclass
class Reply:
    """One message to show. Adapters render it natively (Block Kit, Adaptive Card, text)."""

    text: str
    facts: list[tuple[str, str]] = field(default_factory=list)  # label, value
    choices: list[Choice] = field(default_factory=list)
    about: int | None = None  # the suggestion or check-in id the choices refer to
    kind: str = "info"  # nudge | ask_reason | decided | help | info | error | checkin | ...
    replaces_choices: bool = False  # replace the message whose choice was pressed
    note: str | None = None  # small print under the facts (assumptions)
    attachments: list[Attachment] = field(default_factory=list)

    def as_text(self) -> str:
        """Plain-text fallback, used by the console and as notification text."""
        lines = [self.text]
        # a value of several lines (a report's per-coach rows) stays under its label
        lines += [f"  {label}: " + value.replace("\n", "\n    ") for label, value in self.facts]
        if self.note:
            lines.append(f"  ({self.note})")
        return "\n".join(lines)
