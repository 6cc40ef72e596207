"""The core's replies as Adaptive Cards (version 1.5, which Teams renders), and card actions back.

Plain dicts only: no botbuilder here, so the rendering survives a move to another Teams SDK.
Choices become `Action.Submit` buttons whose data is `{"choice", "suggestion"[, "value"]}`
(CONTRACT.md); Teams sends a press back as a message activity whose `value` is that data.
Images go inside the card; other files (a CSV report) are offered with a file consent card.
"""

from __future__ import annotations

import base64
import io
import logging
import re
from dataclasses import dataclass
from typing import Any

from PIL import Image

from bot.messages import Attachment, Reply

CARD_VERSION = "1.5"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
MAX_INLINE_IMAGE = 20_000  # bytes: a Teams message is limited to about 28 KB in all
MAX_OFFERED_FILE = 18_000  # bytes, base64 in the consent card's context: the same limit
FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"
log = logging.getLogger(__name__)
STYLES = {"primary": "positive", "danger": "destructive"}
MAX_CHOICE = 64
# "hem <ort>": Teams reads text in angle brackets as an HTML tag and may drop it, so a
# placeholder is shown in guillemets instead.
PLACEHOLDER = re.compile(r"<([^\W\d_][\w .|-]{0,30})>")


def shown(text: str) -> str:
    return PLACEHOLDER.sub(r"‹\1›", text)


def card(reply: Reply) -> dict[str, Any]:
    """One reply as an Adaptive Card: text, facts as a FactSet, the note small, choices as actions."""
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": shown(para), "wrap": True}
        for para in (p.strip() for p in reply.text.split("\n"))
        if para
    ]
    if reply.facts:
        body.append(
            {
                "type": "FactSet",
                "facts": [
                    {"title": shown(label), "value": shown(value)} for label, value in reply.facts
                ],
            }
        )
    if reply.note:
        body.append(
            {
                "type": "TextBlock",
                "text": shown(reply.note),
                "wrap": True,
                "isSubtle": True,
                "size": "Small",
            }
        )
    for att in reply.attachments:
        image = inline_image(att.mime, att.data) if att.mime.startswith("image/") else None
        if image is None:
            if not offerable(att):
                log.info("left %s (%d bytes) out of a Teams card", att.mime, len(att.data))
        else:
            data = base64.b64encode(image[1]).decode()
            body.append(
                {"type": "Image", "url": f"data:{image[0]};base64,{data}", "altText": att.filename}
            )
    if not body:  # a card needs something to show
        body.append({"type": "TextBlock", "text": "…", "wrap": True})
    result: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "body": body,
    }
    if reply.choices:
        result["actions"] = [_action(reply, c.id, c.label, c.value, c.style) for c in reply.choices]
    return result


def inline_image(mime: str, data: bytes) -> tuple[str, bytes] | None:
    """(mime, bytes) small enough to travel inside a Teams message, or None. A chart is mostly
    flat colour: a 64-colour palette keeps it looking the same at a third of the size; if that
    is not enough it is made smaller."""
    if len(data) <= MAX_INLINE_IMAGE:
        return mime, data
    try:
        with Image.open(io.BytesIO(data)) as img:
            rgb = img.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):  # not an image Pillow reads
        return None
    for _ in range(3):
        out = io.BytesIO()
        rgb.quantize(colors=64).save(out, format="PNG", optimize=True)
        if out.tell() <= MAX_INLINE_IMAGE:
            return "image/png", out.getvalue()
        rgb = rgb.resize((rgb.width * 3 // 4, rgb.height * 3 // 4), Image.Resampling.LANCZOS)
    return None


def _action(
    reply: Reply, choice: str, label: str, value: str | None, style: str | None
) -> dict[str, Any]:
    data: dict[str, Any] = {"choice": choice}
    if reply.about is not None:
        data["suggestion"] = reply.about
    if value is not None:
        data["value"] = value
    action: dict[str, Any] = {"type": "Action.Submit", "title": label, "data": data}
    if style in STYLES:
        action["style"] = STYLES[style]
    return action


def offerable(att: Attachment) -> bool:
    """A file (not an image) small enough to ride in the consent card's context."""
    return not att.mime.startswith("image/") and len(att.data) <= MAX_OFFERED_FILE


def file_offers(reply: Reply) -> list[dict[str, Any]]:
    """Each file of the reply as a Teams file consent card: Teams asks the person where to save
    it, then sends a `fileConsent/invoke` whose context carries the file back (read by
    `accepted_file`)."""
    offers = []
    for att in reply.attachments:
        if offerable(att):
            context = {
                "resfri": "file",
                "name": att.filename,
                "mime": att.mime,
                "data": base64.b64encode(att.data).decode(),
            }
            offers.append(
                {
                    "contentType": FILE_CONSENT,
                    "name": att.filename,
                    "content": {
                        "description": summary(reply),
                        "sizeInBytes": len(att.data),
                        "acceptContext": context,
                        "declineContext": {"resfri": "file", "name": att.filename},
                    },
                }
            )
    return offers


@dataclass(frozen=True)
class AcceptedFile:
    name: str
    data: bytes
    upload_url: str
    content_url: str
    unique_id: str
    file_type: str


def accepted_file(value: object) -> AcceptedFile | None:
    """The file and where Teams wants it uploaded, from an accepted `fileConsent/invoke`; None
    for a decline or anything that is not one of our offers."""
    if not isinstance(value, dict) or value.get("action") != "accept":
        return None
    context, info = value.get("context"), value.get("uploadInfo")
    if not isinstance(context, dict) or context.get("resfri") != "file":
        return None
    if not isinstance(info, dict):
        return None
    try:
        data = base64.b64decode(str(context.get("data") or ""), validate=True)
    except ValueError:
        return None
    fields = [info.get(k) for k in ("uploadUrl", "contentUrl", "uniqueId", "fileType", "name")]
    if not all(isinstance(f, str) and f for f in fields[:3]) or len(data) > MAX_OFFERED_FILE:
        return None
    name = fields[4] if isinstance(fields[4], str) and fields[4] else str(context.get("name"))
    return AcceptedFile(name, data, fields[0], fields[1], fields[2], str(fields[3] or ""))


def file_info(accepted: AcceptedFile) -> dict[str, Any]:
    """The card Teams shows for a file the bot has put in the person's OneDrive."""
    return {
        "contentType": FILE_INFO,
        "contentUrl": accepted.content_url,
        "name": accepted.name,
        "content": {"uniqueId": accepted.unique_id, "fileType": accepted.file_type},
    }


def summary(reply: Reply) -> str:
    """The first line, shown in notifications and chat lists instead of "Card"."""
    first = reply.text.strip().split("\n", 1)[0]
    return first[:200]


@dataclass(frozen=True)
class Pressed:
    """A pressed card action, read back from a message activity's `value`."""

    choice: str
    suggestion_id: int | None
    value: str | None


def pressed(value: object) -> Pressed | None:
    """The action data of an Action.Submit, or None when `value` isn't ours (other cards, junk)."""
    if not isinstance(value, dict):
        return None
    choice = value.get("choice")
    if not isinstance(choice, str) or not choice or len(choice) > MAX_CHOICE:
        return None
    about = value.get("suggestion")
    if isinstance(about, str) and about.isdigit():
        about = int(about)
    if not isinstance(about, int) or isinstance(about, bool) or not 0 < about < 2**63:
        about = None
    extra = value.get("value")
    extra = str(extra)[:MAX_CHOICE] if isinstance(extra, str | int) and extra != "" else None
    return Pressed(choice, about, extra)
