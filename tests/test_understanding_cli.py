"""`resfri parse`: one message or a stream, JSON out, never a traceback on a bad line."""

from __future__ import annotations

import io
import json

import pytest

from adapters.cli_parse import main


def _run(argv: list[str], capsys, monkeypatch, stdin: str = "") -> list[dict]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(argv) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_one_message(capsys, monkeypatch) -> None:
    argv = ["--json", "--now", "2026-11-23T09:00", "--origin", "Falun", "--explain"]
    out = _run([*argv, "Jag tar tåget till Borlänge imorgon kl 10"], capsys, monkeypatch)
    [res] = out
    assert res["nudge"] is True and res["kind"] == "travel"
    assert res["destination"] == "Borlänge" and res["origin"] == "Falun"
    assert res["when"] == "2026-11-24T10:00:00" and res["mode"] == "train"
    assert res["reasons"] and all(isinstance(r, str) for r in res["reasons"])
    for key in ("participants", "savings", "destination_mention", "recurring"):
        assert key in res


def test_savings_when_both_places_are_known(capsys, monkeypatch) -> None:
    pytest.importorskip("bot.savings")
    [res] = _run(
        [
            "--json",
            "--now",
            "2026-11-23T09:00",
            "--origin",
            "Mora",
            "Kör till Falun imorgon på möte",
        ],
        capsys,
        monkeypatch,
    )
    assert set(res["savings"]) == {"km", "hours", "sek", "kwh", "kg_co2"}
    assert res["savings"]["km"] > 100  # round trip


def test_default_origin_from_environment(capsys, monkeypatch) -> None:
    monkeypatch.setenv("RESFRI_DEFAULT_ORIGIN", "Uppsala")
    [res] = _run(["--json", "Ses i Falun imorgon kl 10"], capsys, monkeypatch)
    assert res["origin"] == "Uppsala"


def test_no_origin(capsys, monkeypatch) -> None:
    monkeypatch.delenv("RESFRI_DEFAULT_ORIGIN", raising=False)
    [res] = _run(["--json", "Ses i Falun imorgon kl 10"], capsys, monkeypatch)
    assert res["origin"] is None and res["savings"] is None and res["destination"] == "Falun"


def test_stream_of_plain_and_json_lines_with_bad_ones(capsys, monkeypatch) -> None:
    lines = [
        "Åker till Mora imorgon på möte",
        json.dumps({"text": "Ses i Rättvik 3/12", "now": "2026-11-23T09:00", "origin": "Falun"}),
        '{"text": "broken json',
        json.dumps({"text": "x", "now": "not a date"}),
        json.dumps({"now": "2026-11-23T09:00"}),
        json.dumps({"text": 42}),
        "",
        "🙂🙂",
    ]
    out = _run(["--json", "-"], capsys, monkeypatch, "\n".join(lines) + "\n")
    assert len(out) == len(lines)
    assert out[0]["destination"] == "Mora"
    assert out[1]["when"] == "2026-12-03" and out[1]["origin"] == "Falun"
    for bad in out[2:6]:
        assert "error" in bad and bad["nudge"] is False
    assert out[6]["nudge"] is False and "error" not in out[6]


def test_sites_option(capsys, monkeypatch) -> None:
    [res] = _run(
        [
            "--json",
            "--now",
            "2026-11-23T09:00",
            "--origin",
            "Falun",
            "--sites",
            "Ornäsverket=60.51,15.54",
            "Jag kör till Ornäsverket imorgon på möte",
        ],
        capsys,
        monkeypatch,
    )
    assert res["destination"] == "Ornäsverket" and res["nudge"] is True
