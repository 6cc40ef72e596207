"""Settings from the environment and a `.env` file, validated once at start (names: CONTRACT.md)."""

from __future__ import annotations

import ipaddress
from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConfigError(ValueError):
    """A setting has a bad value; the message names it and says what is expected."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    slack_bot_token: str | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_client_id: str | None = Field(default=None, alias="SLACK_CLIENT_ID")
    slack_client_secret: str | None = Field(default=None, alias="SLACK_CLIENT_SECRET")
    slack_api_url: str = Field(default="https://slack.com/api/", alias="SLACK_API_URL")
    microsoft_app_id: str | None = Field(default=None, alias="MICROSOFT_APP_ID")
    microsoft_app_password: str | None = Field(default=None, alias="MICROSOFT_APP_PASSWORD")
    microsoft_app_tenant_id: str | None = Field(default=None, alias="MICROSOFT_APP_TENANT_ID")
    microsoft_app_type: str = Field(default="MultiTenant", alias="MICROSOFT_APP_TYPE")
    admins: str = Field(default="", alias="RESFRI_ADMINS")
    default_origin: str | None = Field(default=None, alias="RESFRI_DEFAULT_ORIGIN")
    timezone: str = Field(default="Europe/Stockholm", alias="RESFRI_TIMEZONE")
    graph_api_url: str = Field(default="https://graph.microsoft.com/v1.0/", alias="GRAPH_API_URL")
    travel_hook_secret: str | None = Field(default=None, alias="RESFRI_TRAVEL_HOOK_SECRET")
    meeting_url: str | None = Field(default=None, alias="RESFRI_MEETING_URL")
    try_page: str = Field(default="auto", alias="RESFRI_TRY_PAGE")
    sites: str | None = Field(default=None, alias="RESFRI_SITES")
    savings_overrides: str | None = Field(default=None, alias="RESFRI_SAVINGS")
    daily_cap: int = Field(default=3, ge=0, alias="RESFRI_DAILY_CAP")
    quiet_hours: str = Field(default="19-07", alias="RESFRI_QUIET_HOURS")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {v!r}; use an IANA name like Europe/Stockholm") from exc
        return v

    @field_validator("microsoft_app_type")
    @classmethod
    def _app_type(cls, v: str) -> str:
        allowed = {"multitenant": "MultiTenant", "singletenant": "SingleTenant",
                   "userassignedmsi": "UserAssignedMSI"}
        if v.lower() not in allowed:
            raise ValueError(f"{v!r} is not one of {', '.join(allowed.values())}")
        return allowed[v.lower()]

    @field_validator("quiet_hours")
    @classmethod
    def _hours(cls, v: str) -> str:
        try:
            start, end = (int(x) for x in v.split("-"))
            assert 0 <= start <= 24 and 0 <= end <= 24
        except (ValueError, AssertionError) as exc:
            raise ValueError(f"{v!r} is not a range of hours like 19-07") from exc
        return v

    @field_validator("slack_api_url", "graph_api_url")
    @classmethod
    def _slash(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError(f"{v!r} is not an http(s) URL")
        return v if v.endswith("/") else v + "/"

    @cached_property
    def admin_ids(self) -> frozenset[str]:
        return frozenset(x.strip() for x in self.admins.split(",") if x.strip())

    @property
    def quiet_range(self) -> tuple[int, int]:
        start, end = (int(x) for x in self.quiet_hours.split("-"))
        return start, end

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_signing_secret and (self.slack_bot_token or self.slack_oauth_enabled))

    @property
    def slack_oauth_enabled(self) -> bool:
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def teams_emulator_mode(self) -> bool:
        return not self.microsoft_app_id


def load_settings(**overrides: object) -> Settings:
    """Read and validate settings; a bad value becomes one readable ConfigError."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = err.get("loc", ("?",))[0]
            field = Settings.model_fields.get(str(name))
            env = field.alias if field and field.alias else str(name)
            problems.append(f"{env}: {err.get('msg', 'invalid value')}")
        raise ConfigError("Bad configuration:\n  " + "\n  ".join(problems)) from exc


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
