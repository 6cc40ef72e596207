"""A coached person's whole journey through the real commands: `resfri chat` for the person, the
coach and an admin (separate processes, as in a terminal), `resfri worker --once --now` for the
scheduler, one SQLite file. The chat runs on the real clock; the worker runs at the times the
outbox says things fall due."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.suggesting import MONTHS
from storage import db
from storage.models import Outbox

RESFRI = str(Path(sys.executable).with_name("resfri"))


def run(tmp_path: Path, *args: str, stdin: str = "") -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RESFRI_", "SLACK_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'resfri.db'}",
        RESFRI_DEFAULT_ORIGIN="Mora",
        RESFRI_ADMINS="admin",
    )
    done = subprocess.run(
        [RESFRI, *args], input=stdin, cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def chat(tmp_path: Path, user: str, *lines: str, lang: str = "sv") -> str:
    return run(tmp_path, "chat", "--user", user, "--lang", lang, stdin="".join(f"{x}\n" for x in lines))


def worker_at(tmp_path: Path, kind: str) -> str:
    """`resfri worker --once` at the time the `kind` row falls due; again if it was put off to a
    polite time (the chat's clock is the real one, so that may be tonight)."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'resfri.db'}")
    try:
        for _ in range(3):
            with Session(engine) as s:
                due = s.exec(select(Outbox).where(Outbox.kind == kind, Outbox.status == "due")).all()
            if not due:
                break
            out = run(tmp_path, "worker", "--once", "--now", due[0].due_at.astimezone(UTC).isoformat())
            if not out.startswith("sent 0 "):
                return out
        raise AssertionError(f"no {kind} was sent")
    finally:
        engine.dispose()


def test_a_person_coached_through_chat_and_the_worker(tmp_path):
    run(tmp_path, "db", "upgrade")
    chat(tmp_path, "coach", "hello", lang="en")
    chat(tmp_path, "anna", "hjälp")
    assert "coachar nu anna" in chat(tmp_path, "admin", "coach coach anna")

    day = (datetime.now(ZoneInfo("Europe/Stockholm")) + timedelta(days=10)).date()
    trip = f"Jag kör till Falun den {day.day} {MONTHS['sv'][day.month - 1]} kl 10 på möte"
    accepted = chat(tmp_path, "anna", trip, "1")
    assert "[1] Vi kör webbmöte" in accepted and "Toppen, det blir webbmöte" in accepted

    # The worker, once the meeting is over: the check-in waits in Anna's chat.
    assert "sent 3 message(s)" in worker_at(tmp_path, "checkin")  # with the two coach notices
    seen = chat(tmp_path, "anna", "2", "3", "1")  # some trouble; connecting; the first step
    assert "coach är nu din mötescoach" in seen
    assert f"Hur gick webbmötet den {day.day} {MONTHS['sv'][day.month - 1]}" in seen
    assert "i stället för resan till Falun" in seen and "Din mötescoach är coach" in seen
    assert "[2] Lite strul" in seen and "Vad var svårast?" in seen
    assert "Vad vill du testa nästa gång?" in seen
    assert "Tack! Till nästa gång: ansluta fem minuter före" in seen
    assert "Din coach coach får veta hur det gick" in seen

    # The coach, in English, hears what happened and what to ask.
    assert "sent 1 message(s)" in worker_at(tmp_path, "trouble")
    told = chat(tmp_path, "coach", lang="en")
    assert "You are now the meeting coach for anna" in told
    assert "anna had web meeting no. 1" in told and "there was some trouble" in told
    assert "(hardest: connecting)" in told and "Where did you get stuck" in told
    assert "Next time they want to join five minutes early" in told
    assert chat(tmp_path, "coach", lang="en") == ""  # shown once
