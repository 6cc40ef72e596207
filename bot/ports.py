"""What the core needs from the outside world, as Protocols the adapters implement."""

from __future__ import annotations

from typing import Protocol

from bot.messages import Reply
from storage.models import Person


class DeliveryError(Exception):
    """A platform did not accept a message. `retry` says whether trying later may help (429,
    5xx, network) or not (the conversation is gone: 403/404, uninstalled app)."""

    def __init__(self, message: str, retry: bool = True, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry = retry
        self.retry_after = retry_after


class Delivery(Protocol):
    """Sends replies to a person proactively on one platform (Slack DM, Teams 1:1, console)."""

    platform: str

    async def send(self, person: Person, replies: list[Reply]) -> None:
        """Deliver or raise DeliveryError; returning means the platform accepted it."""
        ...
