"""The core's Replies as Slack Block Kit, and pressed buttons back into choice ids.

Only rendering: what a reply says and which choices it offers is decided in bot/.
"""

from __future__ import annotations

import re
from typing import Any

from bot import texts
from bot.messages import Choice, Reply

SECTION_MAX = 3000  # Slack's limit for a section's text
FIELDS_MAX = 10  # and for a section's fields
BLOCKS_MAX = 50  # blocks in one message
FALLBACK_MAX = 3900  # notification text; Slack truncates past 40k but shorter reads better

Block = dict[str, Any]

# How Slack itself is used, not what the bot says (that lives in bot/texts.py).
texts.add(
    {
        "slack.choose": {"sv": "Välj …", "en": "Choose …"},
        "slack.files_in_dm": {
            "sv": "Filen har jag skickat till dig i ett direktmeddelande.",
            "en": "I have sent you the file in a direct message.",
        },
        "slack.home.title": {"sv": "resfri — dina webbmöten", "en": "resfri — your web meetings"},
        "slack.home.where": {
            "sv": "Skriv kommandona till mig under fliken *Meddelanden*, eller som "
            "`/resfri <kommando>` var som helst i Slack. Svaren ser bara du.",
            "en": "Write the commands to me in the *Messages* tab, or as `/resfri <command>` "
            "anywhere in Slack. Only you see the answers.",
        },
    }
)


# A user mention the core wrote (it names Slack people as <@U123>): Slack shows their name.
USER_MENTION = re.compile(r"&lt;@([UW][A-Z0-9]{1,20})&gt;")


def escape(text: str) -> str:
    """Slack mrkdwn treats &, < and > as markup (<!channel>, links): show them literally,
    except user mentions, which Slack renders as the person's name."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return USER_MENTION.sub(r"<@\1>", text)


def _chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def action_id(choice: Choice, about: int | None) -> str:
    """CONTRACT: the choice id, with the suggestion (or check-in) id as suffix: `accept:42`."""
    return f"{choice.id}:{about}" if about is not None else choice.id


def parse_action_id(value: str) -> tuple[str, int | None]:
    """`accept:42` -> ("accept", 42); an id without a numeric suffix is returned whole."""
    head, sep, tail = value.rpartition(":")
    if sep and tail.isdigit():
        return head, int(tail)
    return value, None


def _choice_blocks(reply: Reply, lang: str) -> list[Block]:
    """Buttons; choices that share an id (the reasons for travelling) become one select,
    since action ids must be unique within a block."""
    buttons: list[Block] = []
    groups: dict[str, list[Choice]] = {}
    for choice in reply.choices:
        groups.setdefault(choice.id, []).append(choice)
    elements: list[Block] = []
    for cid, group in groups.items():
        if len(group) > 1:
            elements.append(
                {
                    "type": "static_select",
                    "action_id": action_id(group[0], reply.about),
                    # Not an option's label: that would look chosen already.
                    "placeholder": {"type": "plain_text", "text": texts.t(lang, "slack.choose")},
                    "options": [
                        {
                            "text": {"type": "plain_text", "text": c.label[:75]},
                            "value": (c.value or c.id)[:150],
                        }
                        for c in group[:100]
                    ],
                }
            )
            continue
        choice = group[0]
        button: Block = {
            "type": "button",
            "action_id": action_id(choice, reply.about),
            "text": {"type": "plain_text", "text": choice.label[:75]},
            "value": (choice.value or cid)[:2000],
        }
        if choice.style in ("primary", "danger"):
            button["style"] = choice.style
        buttons.append(button)
        elements.append(button)
    # Slack allows 25 elements per actions block.
    return [
        {"type": "actions", "elements": elements[i : i + 25]} for i in range(0, len(elements), 25)
    ]


def reply_blocks(reply: Reply, lang: str = texts.DEFAULT_LANG) -> list[Block]:
    blocks: list[Block] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
        for chunk in _chunks(escape(reply.text), SECTION_MAX)
    ]
    facts = [
        {"type": "mrkdwn", "text": f"*{escape(label)}*\n{escape(value)}"[:2000]}
        for label, value in reply.facts
    ]
    for i in range(0, len(facts), FIELDS_MAX):
        blocks.append({"type": "section", "fields": facts[i : i + FIELDS_MAX]})
    if reply.choices:
        blocks += _choice_blocks(reply, lang)
    if reply.note:
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": escape(reply.note)[:SECTION_MAX]}],
            }
        )
    return blocks


def message(replies: list[Reply], lang: str = texts.DEFAULT_LANG) -> dict[str, Any]:
    """One Slack message (blocks and notification text) showing the replies in order."""
    blocks: list[Block] = []
    for i, reply in enumerate(replies):
        if i:
            blocks.append({"type": "divider"})
        blocks += reply_blocks(reply, lang)
    text = "\n\n".join(r.as_text() for r in replies)
    return {"blocks": blocks[:BLOCKS_MAX], "text": text[:FALLBACK_MAX]}


def without_actions(blocks: list[Block] | None) -> list[Block]:
    """The original message's blocks with its buttons removed (a decision can't be taken twice)."""
    return [b for b in blocks or [] if b.get("type") != "actions"]


def replacement(
    original: list[Block] | None, reply: Reply, lang: str = texts.DEFAULT_LANG
) -> dict[str, Any]:
    """The pressed message rewritten: what it showed, without buttons, then the answer."""
    msg = message([reply], lang)
    kept = without_actions(original)
    blocks = kept + ([{"type": "divider"}] if kept else []) + msg["blocks"]
    return {"blocks": blocks[-BLOCKS_MAX:], "text": msg["text"]}


def home_view(sections: list[list[Reply]], lang: str) -> dict[str, Any]:
    """The App Home tab: a header, each group of replies divided, and where to write."""
    title = texts.t(lang, "slack.home.title")
    blocks: list[Block] = [{"type": "header", "text": {"type": "plain_text", "text": title[:150]}}]
    for i, replies in enumerate(sections):
        if i:
            blocks.append({"type": "divider"})
        for reply in replies:
            # The home tab has no message to replace: show the text and figures, no buttons.
            blocks += reply_blocks(Reply(reply.text, facts=reply.facts, note=reply.note), lang)
    where = {"type": "mrkdwn", "text": texts.t(lang, "slack.home.where")}
    blocks.append({"type": "context", "elements": [where]})
    return {"type": "home", "blocks": blocks[:100]}
