"""Bad input: an answer, never a traceback, and quickly."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime

import pytest

from bot.places import resolve_place
from bot.understanding import Context, understand

CTX = Context(now=datetime(2026, 11, 23, 9, 0), origin=resolve_place("Falun"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\n",
        "🙂🙂🙂",
        "😀" * 5000,
        "Ich fahre morgen nach Berlin",
        "Завтра еду в Москву",
    ],
)
def test_no_trip(text: str) -> None:
    assert understand(text, CTX).nudge is False


def test_unknown_place_is_a_trip_with_a_question() -> None:
    trip = understand("Jag åker till Xyzzyville imorgon", CTX)
    assert trip.kind == "travel" and trip.destination is None
    assert trip.destination_mention == "Xyzzyville" and trip.nudge is True


def test_impossible_date() -> None:
    trip = understand("Möte i Borlänge den 31 februari kl 10", CTX)
    assert trip.when is None


def test_far_future_and_far_past() -> None:
    assert understand("Konferens i Umeå 2031-03-10", CTX).when.year == 2031
    past = understand("Vi åkte till Umeå 1999-03-10 på konferens", CTX)
    assert past.nudge is False


def test_aware_now_is_read_in_the_writers_time_zone() -> None:
    ctx = Context(now=datetime(2026, 11, 23, 23, 30, tzinfo=UTC), origin=CTX.origin)
    trip = understand("Åker till Borlänge imorgon på möte", ctx)
    assert str(trip.when) == "2026-11-25"  # 00:30 on the 24th in Stockholm


def test_200_kb_message_is_fast() -> None:
    text = "Jag åker till Falun imorgon på möte. " + "bla bla " * 25_000
    start = time.perf_counter()
    understand(text, CTX)
    understand("x" * 200_000, CTX)
    assert time.perf_counter() - start < 0.5


def test_random_garbage_never_raises() -> None:
    rng = random.Random(7)
    alphabet = "abcåäö ÅÄÖ0123456789/:.,-–→!?@<>#till i kl v. den imorgon Falun Mora Ed"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        trip = understand(text, CTX)
        assert isinstance(trip.nudge, bool)
