"""Configuration from the environment (pydantic-settings). Secrets never appear in reprs.

Each part of the bot asks only for what it needs: the console needs nothing, ``serve``
needs the bot token and signing secret, ``socket`` also the app token, ``clock`` the bot
token and the database.

Two ways to run in Slack: one workspace with ``SLACK_BOT_TOKEN``, or any number of
workspaces installing the app through OAuth (``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET``
set; the bot tokens then come from the installation store in the state database).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.core.knowledge.store.paths import default_store_path
from bot.core.limits import MAX_INTAKE_BYTES

SLACK_DEFAULT_API_URL = "https://slack.com/api/"

HOW_TO_SET = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-...) from OAuth & Permissions",
    "SLACK_SIGNING_SECRET": "the Signing Secret from your app's Basic Information page",
    "SLACK_APP_TOKEN": "an app-level token (xapp-...) with connections:write",
    "SLACK_CLIENT_ID": "the Client ID from your app's Basic Information page",
    "SLACK_CLIENT_SECRET": "the Client Secret from your app's Basic Information page",
}


class MissingSetting(Exception):
    """A required setting is not in the environment; the message says how to set it."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"{name} is not set: export {name}=... with {HOW_TO_SET.get(name, 'its value')} "
            "(see docs/operating.md, 'Run it in Slack')."
        )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = SLACK_DEFAULT_API_URL
    slack_team_id: str | None = Field(
        default=None, description="if set, requests from any other workspace are refused"
    )
    slack_client_id: str | None = Field(
        default=None, description="with the client secret: OAuth distribution to many workspaces"
    )
    slack_client_secret: SecretStr | None = None
    slack_scopes: str | None = Field(
        default=None,
        description="bot scopes asked at install, comma-separated (default: the manifest's)",
    )
    slack_redirect_uri: str | None = Field(
        default=None, description="the OAuth redirect URL, when the app lists several"
    )
    slack_token_rotation_minutes: int = Field(
        default=120,
        ge=1,
        description="with token rotation: refresh a token this long before it expires",
    )
    pi_editors_team: str | None = Field(
        default=None, description="the operator's workspace, the only one where editors review"
    )

    database_url: SecretStr = SecretStr("sqlite:///state/pi-bot.sqlite3")
    pi_admins: str = Field(default="", description="comma-separated Slack user ids")
    pi_editors: str = Field(
        default="",
        description="who may feed and review the knowledge: Slack user ids and/or user "
        "group ids (S...), comma-separated",
    )
    pi_intake_channel: str | None = Field(
        default=None, description="a channel whose shared files are newsletters to ingest"
    )
    pi_review_channel: str | None = Field(
        default=None, description="where review cards go (default: the intake thread)"
    )
    pi_intake_max_bytes: int = Field(
        default=MAX_INTAKE_BYTES, ge=1, description="the largest newsletter file accepted"
    )
    pi_knowledge_file: str | None = Field(
        default=None,
        description="the knowledge store file (default: the bundled knowledge/developments.json)",
    )
    pi_snapshot_dir: str | None = Field(
        default=None,
        description="where validated store snapshots are kept (off: none; default: "
        "$XDG_CACHE_HOME/pi-bot/snapshots, else ~/.cache/pi-bot/snapshots)",
    )
    xdg_cache_home: str | None = None
    pi_fetch_allow: str = Field(
        default="",
        description="hosts /pi ingest, ingest and watched sources may fetch although they are "
        "not public (intranet feeds): host names and/or CIDR ranges, comma-separated",
    )

    digest_day: int = Field(default=1, ge=1, le=28)
    digest_hour: int = Field(default=9, ge=0, le=23)
    digest_timezone: str = "Asia/Shanghai"
    alert_poll_minutes: int = Field(default=5, ge=1)
    alert_window_days: int = Field(default=45, ge=1)
    digest_chart: bool = Field(
        default=True, description="upload a PNG chart with each monthly digest"
    )
    delivery_pace_seconds: float = Field(
        default=1.0, ge=0, description="least time between two messages to one channel"
    )
    delivery_workspace_per_second: float | None = Field(
        default=None,
        gt=0,
        description="most messages per second to the whole workspace (unset: no limit kept)",
    )
    delivery_workers: int = Field(
        default=4, ge=1, le=32, description="threads posting at once (Slack's latency overlapped)"
    )
    delivery_retry_seconds: float = Field(
        default=2.0, ge=0, description="first backoff after a transient Slack error (doubles)"
    )
    delivery_lease_seconds: int = Field(
        default=600, ge=1, description="after this, a delivery left unfinished is taken over"
    )

    port: int = 3000
    public_url: str | None = Field(
        default=None,
        description="where the web process is reached from outside (https://pi.example.com): "
        "links to development pages, the link-preview domain in the manifest, the calendar feed",
    )
    home_refresh_seconds: float = Field(
        default=60.0,
        gt=0,
        description="how often the App Homes of recent visitors are checked against the store",
    )

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("pi_fetch_allow")
    @classmethod
    def _host_names_or_ranges(cls, value: str) -> str:
        if not value.replace(",", "").strip():
            return value  # nothing allowed: no need to load the readers behind the parser
        from bot.edge.addresses import FetchAllow  # the one parser of the list

        FetchAllow.parse(value)
        return value

    @field_validator("public_url")
    @classmethod
    def _no_trailing_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else None

    def page_url(self, dev_id: str) -> str | None:
        """The public page of a development, when ``PUBLIC_URL`` is set."""
        return f"{self.public_url}/d/{dev_id}" if self.public_url else None

    @property
    def store_path(self) -> Path:
        """The knowledge store file: ``PI_KNOWLEDGE_FILE``, else the bundled one."""
        return Path(self.pi_knowledge_file) if self.pi_knowledge_file else default_store_path()

    @property
    def snapshot_dir(self) -> Path | None:
        """Where validated store snapshots are kept; None when ``PI_SNAPSHOT_DIR`` is off."""
        chosen = self.pi_snapshot_dir
        if chosen is not None:
            return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
        base = Path(self.xdg_cache_home) if self.xdg_cache_home else Path.home() / ".cache"
        return base / "pi-bot" / "snapshots"

    @property
    def oauth(self) -> bool:
        """Whether the app is distributed through OAuth (client id and secret both set)."""
        secret = self.slack_client_secret
        return bool(self.slack_client_id and secret and secret.get_secret_value())

    @property
    def oauth_requested(self) -> bool:
        """Either OAuth credential is set: the other one is then required too."""
        return bool(self.slack_client_id or self.slack_client_secret)

    @property
    def admins(self) -> frozenset[str]:
        return frozenset(part.strip() for part in self.pi_admins.split(",") if part.strip())

    def require(self, *names: str) -> None:
        """Raise ``MissingSetting`` for the first of ``names`` (env var names) not set."""
        for name in names:
            value = getattr(self, name.lower())
            if value is None or (isinstance(value, SecretStr) and not value.get_secret_value()):
                raise MissingSetting(name)


def invalid_settings(exc: ValidationError) -> str:
    """What is wrong with the environment's settings, in one line naming each variable."""
    return "; ".join(
        f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg'].removeprefix('Value error, ')}"
        for e in exc.errors()
    )


def load_settings() -> Settings:
    return Settings()
