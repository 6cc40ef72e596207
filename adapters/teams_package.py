"""The Teams app package an admin uploads: manifest.json plus colour and outline icons, zipped.

Manifest schema v1.17 (tests validate against the schema from the npm package
@microsoft/app-manifest). Icons are drawn with Pillow so the package builds anywhere.
"""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

MANIFEST_VERSION = "1.17"
SCHEMA_URL = (
    f"https://developer.microsoft.com/en-us/json-schemas/teams/v{MANIFEST_VERSION}/"
    "MicrosoftTeams.schema.json"
)
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
ACCENT = "#2E7D32"
PLACEHOLDER_DOMAIN = "resfri.invalid"  # reserved TLD: obviously not real, still an https URL

# Mirrors Slack's `/resfri` subcommands and the help text (the core understands both languages
# in a 1:1 chat). Teams shows at most 10 commands a list.
PERSONAL_COMMANDS = [
    ("hjälp", "Vad jag kan och mina kommandon (help)"),
    ("mina besparingar", "Vad dina webbmöten har sparat (me)"),
    ("hem", "hem <ort>: var du utgår från, t.ex. hem Falun (home)"),
    ("paus", "paus [2 veckor | till 2026-12-24]: pausa förslagen (pause)"),
    ("fortsätt", "Slå på förslagen igen (resume)"),
    ("språk", "språk sv|en: byt språk (lang)"),
    ("coach", "Be om en mötescoach (coach)"),
    ("höll", "höll [ort]: jag hade ett webbmöte i stället för en resa (held)"),
    ("glöm mig", "Radera allt om dig (forget me)"),
    ("statistik", "Besparingar för organisationen, för administratörer (stats)"),
]
GROUP_COMMANDS = [
    ("hjälp", "Nämn @resfri och skriv hjälp: svaret kommer i din chatt med mig (help)"),
    ("mina besparingar", "Vad dina webbmöten har sparat, i din chatt med mig (me)"),
    ("statistik", "Organisationens besparingar, för administratörer (stats)"),
]


class PackageError(ValueError):
    """The package can't be built as asked; the message says what to give."""


def _version() -> str:
    try:
        return metadata.version("resfri")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def manifest(
    bot_id: str, app_id: str | None = None, domain: str | None = None, developer: str = "resfri"
) -> dict[str, Any]:
    if not GUID.match(bot_id or ""):
        raise PackageError(f"the bot id must be the Microsoft App ID (a GUID), not {bot_id!r}")
    app_id = app_id or str(uuid.uuid5(uuid.NAMESPACE_URL, f"resfri-teams:{bot_id.lower()}"))
    if not GUID.match(app_id):
        raise PackageError(f"the app id must be a GUID, not {app_id!r}")
    host = (domain or PLACEHOLDER_DOMAIN).removeprefix("https://").strip("/")
    site = f"https://{host}/"
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": _version(),
        "id": app_id,
        "developer": {
            "name": developer[:32],
            "websiteUrl": site,
            "privacyUrl": site,
            "termsOfUseUrl": site,
        },
        "name": {"short": "resfri", "full": "resfri: webbmöte i stället för resa"},
        "description": {
            "short": "Föreslår webbmöten i stället för tjänsteresor och visar vad det sparar.",
            "full": (
                "resfri lyssnar efter tjänsteresor och fysiska möten i chatten, föreslår ett "
                "webbmöte i stället med en ärlig uppskattning av vad det sparar (km, timmar, "
                "kronor, kWh, kg koldioxid) och hjälper dig igenom dina första webbmöten. "
                "resfri suggests a web meeting instead of a work trip, with an honest estimate "
                "of the savings, in Swedish or English."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "bots": [
            {
                "botId": bot_id,
                "scopes": ["personal", "team", "groupChat"],
                "supportsFiles": True,  # people send .ics invites in the 1:1 chat
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": _commands(PERSONAL_COMMANDS)},
                    {"scopes": ["team", "groupChat"], "commands": _commands(GROUP_COMMANDS)},
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host] if domain else [],
    }


def _commands(items: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"title": title, "description": text} for title, text in items]


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _glyph(draw: ImageDraw.ImageDraw, size: int, fill: tuple[int, ...], width: int) -> None:
    """A screen with someone on it: meet on screen instead of travelling."""
    s = size
    draw.rounded_rectangle(
        (0.18 * s, 0.24 * s, 0.82 * s, 0.68 * s), radius=0.05 * s, outline=fill, width=width
    )
    draw.line((0.5 * s, 0.68 * s, 0.5 * s, 0.78 * s), fill=fill, width=width)
    draw.line((0.34 * s, 0.8 * s, 0.66 * s, 0.8 * s), fill=fill, width=width)
    draw.ellipse((0.4 * s, 0.34 * s, 0.6 * s, 0.54 * s), outline=fill, width=width)


def color_icon() -> bytes:
    """192×192, full colour: the glyph in white on the accent colour."""
    img = Image.new("RGBA", (192, 192), ACCENT)
    _glyph(ImageDraw.Draw(img), 192, (255, 255, 255, 255), 10)
    return _png(img)


def outline_icon() -> bytes:
    """32×32, white on a transparent background, as Teams requires."""
    img = Image.new("RGBA", (32, 32), (255, 255, 255, 0))
    _glyph(ImageDraw.Draw(img), 32, (255, 255, 255, 255), 2)
    return _png(img)


def build(
    out: Path, bot_id: str, app_id: str | None = None, domain: str | None = None
) -> dict[str, Any]:
    """Write the zip (files at its root, as Teams wants) and return the manifest."""
    data = manifest(bot_id, app_id, domain)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(data, ensure_ascii=False, indent=2))
        zf.writestr("color.png", color_icon())
        zf.writestr("outline.png", outline_icon())
    return data
