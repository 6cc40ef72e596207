"""One person across sources: the platform accounts that share an e-mail are one human.

Slack gives the profile e-mail, Teams the member's e-mail/UPN, calendars and bookings an address;
matched without case. A source never creates a person; this only finds them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import select

from storage.db import retrying
from storage.models import Person, Suggestion
from storage.repository import Repository


@retrying
def people_by_email(repo: Repository, email: str | None) -> list[Person]:
    """Everyone with this e-mail (one person may use Slack and Teams), reachable first."""
    if not email or "@" not in email:
        return []
    with repo.session() as s:
        found = list(
            s.exec(select(Person).where(func.lower(Person.email) == email.strip().lower()))
        )
    rank = {"teams": 0, "slack": 0, "web": 1, "console": 1}
    return sorted(found, key=lambda p: (p.address_stale, rank.get(p.platform, 2), -(p.id or 0)))


@retrying
def people_by_emails(repo: Repository, emails: Iterable[str]) -> dict[str, list[Person]]:
    """`people_by_email` for many addresses at once (a meeting's attendees), by lower-case e-mail."""
    wanted = sorted({e.strip().lower() for e in emails if e and "@" in e})
    found: dict[str, list[Person]] = {}
    with repo.session() as s:
        for i in range(0, len(wanted), 500):  # a bounded IN list, whatever the invite's size
            stmt = select(Person).where(func.lower(Person.email).in_(wanted[i : i + 500]))
            for person in s.exec(stmt):
                found.setdefault((person.email or "").strip().lower(), []).append(person)
    return found


@retrying
def suggested_to_same_human(repo: Repository, person: Person, key: str) -> bool:
    """Whether this trip was already suggested to this person under another platform's account
    (their own account is guarded by the unique (person_id, trip_key))."""
    others = [p.id for p in people_by_email(repo, person.email) if p.id != person.id]
    if not others:
        return False
    with repo.session() as s:
        stmt = select(Suggestion.id).where(
            Suggestion.person_id.in_(others),  # type: ignore[union-attr]
            Suggestion.trip_key == key,
        )
        return s.exec(stmt).first() is not None
