"""What the core knows while it handles one inbound: who, in which language, when, with what."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.messages import Inbound
from bot.places import Place
from bot.texts import t
from storage.models import Person
from storage.repository import Repository


@dataclass(frozen=True)
class CoreConfig:
    """The platform-neutral settings the core needs (adapters build it from configuration)."""

    admins: frozenset[str] = frozenset()
    default_origin: Place | None = None
    timezone: str = "Europe/Stockholm"
    meeting_url: str | None = None
    sites: Mapping[str, Place] = field(default_factory=dict)
    savings_overrides: Mapping[str, float] = field(default_factory=dict)
    daily_cap: int = 3
    quiet_hours: tuple[int, int] = (19, 7)


def zone(name: str | None, fallback: str) -> ZoneInfo:
    """A person's zone; a name the platform reported that doesn't exist falls back quietly."""
    for candidate in (name, fallback, "UTC"):
        if candidate and len(candidate) <= 64:  # real zone names are short; junk is not looked up
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                continue
    return ZoneInfo("UTC")


@dataclass
class Turn:
    repo: Repository
    config: CoreConfig
    person: Person
    lang: str
    now: datetime  # aware UTC
    inbound: Inbound

    def t(self, key: str, **values: object) -> str:
        return t(self.lang, key, **values)

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.person.timezone, self.config.timezone)

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.tz)

    @property
    def is_admin(self) -> bool:
        return self.person.user_id in self.config.admins or "admin" in self.person.roles.split(",")

    @property
    def home(self) -> Place | None:
        p = self.person
        if p.home_name and p.home_lat is not None and p.home_lon is not None:
            return Place(p.home_name, p.home_lat, p.home_lon, p.home_country or "SE")
        return self.config.default_origin
