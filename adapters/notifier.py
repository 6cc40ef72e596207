"""Proactive delivery: routes replies for a person to their platform's Delivery."""

from __future__ import annotations

import asyncio
import logging

from bot.messages import Reply
from bot.ports import Delivery, DeliveryError
from storage.models import Person

log = logging.getLogger(__name__)


class Notifier:
    def __init__(self) -> None:
        self._deliveries: dict[str, Delivery] = {}

    def register(self, delivery: Delivery) -> None:
        self._deliveries[delivery.platform] = delivery

    def unregister(self, platform: str) -> None:
        self._deliveries.pop(platform, None)

    def can_reach(self, person: Person) -> bool:
        return person.platform in self._deliveries and not person.address_stale

    async def send(self, person: Person, replies: list[Reply]) -> None:
        delivery = self._deliveries.get(person.platform)
        if delivery is None:
            raise DeliveryError(f"no delivery for platform {person.platform!r}", retry=False)
        if person.address_stale:
            raise DeliveryError("the person's conversation is gone (stale address)", retry=False)
        await delivery.send(person, replies)


class MemoryDelivery:
    """Keeps messages for people on the console and the try-it page, who poll for them."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self.inbox: dict[str, list[Reply]] = {}
        self.arrived = asyncio.Event()

    async def send(self, person: Person, replies: list[Reply]) -> None:
        self.inbox.setdefault(person.user_id, []).extend(replies)
        self.arrived.set()

    def take(self, user_id: str) -> list[Reply]:
        return self.inbox.pop(user_id, [])
