"""Teams mentions of people in a command, as the core's mention tokens `<@ID|Name>`.

In `@resfri coach @Bertil Berg @Anna Andersson` Teams marks each person with a mention entity
whose `mentioned.id` is their Teams id (29:…); the core knows Teams people by their Entra object
id, so that id is looked up among the people who have written to the bot (their stored
conversation reference holds both). Someone not found keeps the Teams id, and the core answers
that it does not know them yet, by name.
"""

from __future__ import annotations

import json
from typing import Any

from botbuilder.schema import Activity
from sqlmodel import select

from adapters.teams_delivery import PLATFORM, tenant_of
from storage.models import Person
from storage.repository import Repository


def people_mentioned(activity: Activity) -> list[tuple[str, str, str | None]]:
    """(Teams id, name, Entra object id if Teams gave it) of each person mentioned, in order;
    the bot itself is left out."""
    bot_id = activity.recipient.id if activity.recipient else None
    found = []
    for entity in activity.entities or []:
        props = getattr(entity, "additional_properties", None) or {}
        who = props.get("mentioned")
        if (entity.type or "").lower() != "mention" or not isinstance(who, dict):
            continue
        if not who.get("id") or who.get("id") == bot_id:
            continue
        aad = who.get("aadObjectId")
        found.append((str(who["id"]), str(who.get("name") or ""), str(aad) if aad else None))
    return found


def with_tokens(repo: Repository, activity: Activity, text: str) -> str:
    """`text` (the plain text, where each mention shows as the person's name) with each mention
    replaced by `<@ID|Name>`, in the order they were written."""
    tenant = tenant_of(activity)
    out, cursor = text, 0
    for teams_id, name, aad in people_mentioned(activity):
        at = out.find(name, cursor) if name else -1
        if at < 0:
            continue
        uid = aad or _object_id(repo, tenant, teams_id) or teams_id
        token = f"<@{uid}|{name.replace('>', '')}>"
        out = out[:at] + token + out[at + len(name) :]
        cursor = at + len(token)
    return out


def _object_id(repo: Repository, tenant: str, teams_id: str) -> str | None:
    """The Entra object id of someone the bot has talked to, from their stored reference."""
    needle = json.dumps(teams_id)
    with repo.session() as s:
        people = s.exec(
            select(Person).where(
                Person.platform == PLATFORM,
                Person.team_id == tenant,
                Person.address.contains(needle),  # type: ignore[union-attr]
            )
        ).all()
    for person in people:
        if _user_id_in(person.address) == teams_id:
            return person.user_id
    return None


def _user_id_in(address: str | None) -> Any:
    try:
        return (json.loads(address or "{}").get("user") or {}).get("id")
    except (ValueError, AttributeError):
        return None
