"""bolt's installation and OAuth state stores over our own tables, so every workspace's install
survives a restart and lives in the same database as everything else (not bolt's files)."""

from __future__ import annotations

import json
import logging
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from sqlalchemy import delete
from sqlmodel import select

from storage.db import retrying, run_db
from storage.models import SlackInstallation, SlackOAuthState
from storage.repository import Repository

log = logging.getLogger(__name__)
STATE_LIFETIME = timedelta(minutes=10)


def _dump(installation: Installation) -> str:
    data = installation.to_dict_for_copying()
    return json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, datetime) else str(v))


def _load(data: str) -> Installation:
    values: dict[str, Any] = json.loads(data)
    return Installation(**values)


class DbInstallationStore(AsyncInstallationStore):
    """One row per workspace (and installing user); the latest install replaces older ones."""

    def __init__(self, repo: Repository, client_id: str) -> None:
        self.repo = repo
        self.client_id = client_id

    @property
    def logger(self) -> logging.Logger:
        return log

    def _where(
        self, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None
    ) -> list[Any]:
        conds = [
            SlackInstallation.client_id == self.client_id,
            SlackInstallation.enterprise_id == enterprise_id,
        ]
        if not is_enterprise_install:  # org-wide installs are found by enterprise id alone
            conds.append(SlackInstallation.team_id == team_id)
        return conds

    # --- sync bodies, run in the database pool --------------------------------------------

    @retrying
    def save(self, installation: Installation) -> None:
        with self.repo.session() as s:
            s.execute(
                delete(SlackInstallation).where(
                    *self._where(
                        installation.enterprise_id,
                        installation.team_id,
                        installation.is_enterprise_install,
                    ),
                    SlackInstallation.user_id == installation.user_id,
                )
            )
            s.add(
                SlackInstallation(
                    client_id=self.client_id,
                    enterprise_id=installation.enterprise_id,
                    team_id=installation.team_id,
                    user_id=installation.user_id,
                    is_enterprise_install=bool(installation.is_enterprise_install),
                    installed_at=datetime.fromtimestamp(installation.installed_at, UTC),
                    data=_dump(installation),
                )
            )
            s.commit()

    @retrying
    def find(
        self,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        is_enterprise_install: bool | None,
    ) -> Installation | None:
        with self.repo.session() as s:
            stmt = select(SlackInstallation).where(
                *self._where(enterprise_id, team_id, is_enterprise_install)
            )
            if user_id is not None:
                stmt = stmt.where(SlackInstallation.user_id == user_id)
            row = s.exec(stmt.order_by(SlackInstallation.id.desc())).first()  # type: ignore[union-attr]
            return _load(row.data) if row else None

    @retrying
    def delete(self, enterprise_id: str | None, team_id: str | None, user_id: str | None) -> int:
        with self.repo.session() as s:
            stmt = delete(SlackInstallation).where(*self._where(enterprise_id, team_id, False))
            if user_id is not None:
                stmt = stmt.where(SlackInstallation.user_id == user_id)
            n = s.execute(stmt).rowcount
            s.commit()
            return int(n or 0)

    # --- bolt's interface -----------------------------------------------------------------

    async def async_save(self, installation: Installation) -> None:
        await run_db(self.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        # Only called by token rotation, which saves the whole installation as well.
        pass

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        return await run_db(self.find, enterprise_id, team_id, user_id, is_enterprise_install)

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found = await self.async_find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        return found.to_bot() if found and found.bot_token else None

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await run_db(self.delete, enterprise_id, team_id, None)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await run_db(self.delete, enterprise_id, team_id, user_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await run_db(self.delete, enterprise_id, team_id, None)


class DbOAuthStateStore(AsyncOAuthStateStore):
    """Single-use states for the install flow, valid ten minutes."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    @property
    def logger(self) -> logging.Logger:
        return log

    @retrying
    def issue(self) -> str:
        state = secrets.token_urlsafe(24)
        now = datetime.now(UTC)
        with self.repo.session() as s:
            s.execute(delete(SlackOAuthState).where(SlackOAuthState.expires_at < now))
            s.add(SlackOAuthState(state=state, expires_at=now + STATE_LIFETIME))
            s.commit()
        return state

    @retrying
    def consume(self, state: str) -> bool:
        with self.repo.session() as s:
            n = s.execute(
                delete(SlackOAuthState).where(
                    SlackOAuthState.state == state[:128],
                    SlackOAuthState.expires_at >= datetime.now(UTC),
                )
            ).rowcount
            s.commit()
            return n == 1

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return await run_db(self.issue)

    async def async_consume(self, state: str) -> bool:
        return await run_db(self.consume, state)
