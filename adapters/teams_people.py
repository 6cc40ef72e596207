"""A Teams person's e-mail (their Entra UPN or mail), so calendars and bookings find them.

An activity names its sender only by ids; the connector's member lookup (`TeamsInfo.get_member`,
`GET /v3/conversations/{id}/members/{user}`) gives `email` and `userPrincipalName`. It is asked
once an hour per person and process, and never lets a turn fail.
"""

from __future__ import annotations

import logging
import time

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

log = logging.getLogger(__name__)

TTL_SECONDS = 3600.0
MISS_SECONDS = 300.0  # a failed lookup is tried again sooner


class Emails:
    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], tuple[str | None, float]] = {}

    async def get(self, ctx: TurnContext) -> str | None:
        act = ctx.activity
        user = act.from_property
        if act.channel_id != "msteams" or user is None or not user.id:
            return None  # the Emulator and Web Chat know no UPN
        key = (str((act.conversation.tenant_id if act.conversation else None) or ""), user.id)
        hit = self._cache.get(key)
        if hit is not None and hit[1] > time.monotonic():
            return hit[0]
        email, ttl = None, MISS_SECONDS
        try:
            member = await TeamsInfo.get_member(ctx, user.id)
            email = (member.email or member.user_principal_name or "").strip() or None
            ttl = TTL_SECONDS
        except Exception as exc:  # noqa: BLE001 - a lookup is a nicety, the message is not
            log.info("teams: no e-mail for a member (%s)", exc.__class__.__name__)
        if email is not None and "@" not in email:
            email = None
        self._cache[key] = (email, time.monotonic() + ttl)
        return email
