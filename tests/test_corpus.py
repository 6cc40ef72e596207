"""The shared development corpus: floors the understanding must keep (skipped without ../shared)."""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from bot.places import resolve_place
from bot.understanding import Context, understand

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev.jsonl"


def _fold(s: str | None) -> str | None:
    if s is None:
        return None
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return s.casefold().replace("-", " ").strip()


@pytest.fixture(scope="module")
def scored() -> dict[str, float]:
    if not CORPUS.is_file():
        pytest.skip("../shared/corpus/dev.jsonl not present")
    items = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    tp = fp = fn = dest = day = labelled = 0
    for item in items:
        ctx = Context(
            now=datetime.fromisoformat(item["now"]),
            origin=resolve_place(item["origin"]),
            lang=item["lang"],
        )
        trip = understand(item["text"], ctx)
        tp += item["nudge"] and trip.nudge
        fp += (not item["nudge"]) and trip.nudge
        fn += item["nudge"] and not trip.nudge
        if item["nudge"]:
            labelled += 1
            name = trip.destination.name if trip.destination else None
            dest += _fold(name) == _fold(item["destination"])
            when = trip.when.isoformat()[:10] if trip.when else None
            day += when == item["date"]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return {
        "f1": 2 * precision * recall / (precision + recall),
        "destination": dest / labelled,
        "date": day / labelled,
    }


def test_nudge_f1_floor(scored: dict[str, float]) -> None:
    assert scored["f1"] >= 0.90


def test_destination_floor(scored: dict[str, float]) -> None:
    assert scored["destination"] >= 0.90


def test_date_floor(scored: dict[str, float]) -> None:
    assert scored["date"] >= 0.85
