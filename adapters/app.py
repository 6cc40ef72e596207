"""Wiring: settings -> database -> repository -> conversation core -> notifier."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from adapters.config import ConfigError, Settings
from adapters.console_inbox import ConsoleInbox, folder_for
from adapters.notifier import MemoryDelivery, Notifier
from bot.conversation import Conversation
from bot.places import load_sites, resolve_place
from bot.savings import parse_overrides
from bot.turn import CoreConfig
from storage.db import make_engine
from storage.repository import Repository

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    engine: Engine
    repo: Repository
    conversation: Conversation
    notifier: Notifier
    web_inbox: MemoryDelivery = field(default_factory=lambda: MemoryDelivery("web"))


def core_config(settings: Settings) -> CoreConfig:
    """Translate settings into the core's config; bad values become a ConfigError."""
    origin = None
    if settings.default_origin:
        origin = resolve_place(settings.default_origin)
        if origin is None:
            raise ConfigError(f"RESFRI_DEFAULT_ORIGIN: no place called {settings.default_origin!r}")
    try:
        overrides = parse_overrides(settings.savings_overrides)
        sites = load_sites(settings.sites)
    except (ValueError, OSError, json.JSONDecodeError) as exc:
        raise ConfigError(str(exc)) from exc
    return CoreConfig(
        admins=settings.admin_ids, default_origin=origin, timezone=settings.timezone,
        meeting_url=settings.meeting_url, sites={k.casefold(): v for k, v in sites.items()},
        savings_overrides=overrides, daily_cap=settings.daily_cap, quiet_hours=settings.quiet_range,
    )


def build_app(settings: Settings, engine: Engine | None = None) -> App:
    engine = engine or make_engine(settings.database_url)
    repo = Repository(engine)
    app = App(settings, engine, repo, Conversation(repo, core_config(settings)), Notifier())
    app.notifier.register(app.web_inbox)
    app.notifier.register(ConsoleInbox(folder_for(engine)))  # `resfri chat` shows what arrived
    return app
