"""`resfri teams-package`: the zip an admin uploads validates against the Teams manifest schema
(v1.17, from the npm package @microsoft/app-manifest, kept as a fixture) and carries valid icons."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
from PIL import Image

from adapters import cli_teams
from adapters.teams_package import manifest

FIXTURES = Path(__file__).parent / "fixtures"
BOT_ID = "0f2a6c1e-5b3d-4e7f-9a8b-1c2d3e4f5a6b"


def run(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser()
    cli_teams.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["teams-package", *argv])
    return args.func(args)


def schema_validator() -> jsonschema.Draft4Validator:
    schema = json.loads((FIXTURES / "teams-manifest.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def test_package_validates_against_the_teams_schema(tmp_path) -> None:
    out = tmp_path / "resfri-teams.zip"
    assert run(["--out", str(out), "--bot-id", BOT_ID, "--domain", "resfri.falun.se"]) == 0
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["color.png", "manifest.json", "outline.png"]
        data = json.loads(zf.read("manifest.json"))
        color = Image.open(io.BytesIO(zf.read("color.png")))
        outline = Image.open(io.BytesIO(zf.read("outline.png")))
    errors = sorted(schema_validator().iter_errors(data), key=str)
    assert not errors, [e.message for e in errors]
    bot = data["bots"][0]
    assert bot["botId"] == BOT_ID
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    titles = {c["title"] for lst in bot["commandLists"] for c in lst["commands"]}
    assert {"hjälp", "mina besparingar", "hem", "paus", "statistik"} <= titles
    assert data["validDomains"] == ["resfri.falun.se"]
    assert data["developer"]["privacyUrl"].startswith("https://resfri.falun.se")
    # The icons Teams asks for: colour 192×192, outline 32×32 white on transparent.
    assert color.format == "PNG" and color.size == (192, 192)
    assert outline.format == "PNG" and outline.size == (32, 32)
    pixels = list(outline.convert("RGBA").getdata())
    assert all(a == 0 or (r, g, b) == (255, 255, 255) for r, g, b, a in pixels)
    assert any(a == 0 for *_, a in pixels) and any(a == 255 for *_, a in pixels)


def test_bot_id_comes_from_the_environment(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", BOT_ID)
    out = tmp_path / "p.zip"
    assert run(["--out", str(out)]) == 0
    with zipfile.ZipFile(out) as zf:
        assert json.loads(zf.read("manifest.json"))["bots"][0]["botId"] == BOT_ID
    assert "placeholder" in capsys.readouterr().out  # no --domain: the admin is told


def test_without_a_bot_id_it_says_what_to_give(tmp_path, capsys) -> None:
    assert run(["--out", str(tmp_path / "p.zip")]) == 2
    assert "MICROSOFT_APP_ID" in capsys.readouterr().err
    assert not (tmp_path / "p.zip").exists()


def test_a_bot_id_that_is_not_a_guid_is_refused(tmp_path, capsys) -> None:
    assert run(["--out", str(tmp_path / "p.zip"), "--bot-id", "resfri-bot"]) == 2
    assert "GUID" in capsys.readouterr().err


def test_the_schema_fixture_catches_a_broken_manifest() -> None:
    data = manifest(BOT_ID)
    data["bots"][0]["scopes"].append("meetings")  # not a bot scope in v1.17
    with pytest.raises(jsonschema.ValidationError):
        schema_validator().validate(data)


def help_commands(engine) -> set[str]:
    """The command words the core's own help text names ("• paus [...] / fortsätt — …")."""
    from adapters.app import build_app
    from bot.messages import Inbound
    from tests.conftest import make_settings

    app = build_app(make_settings(), engine)
    [reply] = app.conversation.handle(
        Inbound(platform="teams", user_id="u", team_id="t", text="hjälp", command=True)
    )
    found = set()
    for line in reply.text.splitlines():
        if not line.startswith("•"):
            continue
        for part in line.lstrip("• ").split(";"):
            for usage in part.split(" — ")[0].split(" / "):
                words = []
                for word in usage.split():
                    if any(c in word for c in "<[|") or word[0].isdigit():
                        break
                    words.append(word)
                found.add(" ".join(words))
    return found


def test_the_command_lists_mirror_the_slash_command(sqlite_db) -> None:
    """Each command Teams offers is one the core runs, the same one as the English word in
    brackets, and every command the help text names is offered in the 1:1 chat."""
    import re

    from bot import commands

    bot = manifest(BOT_ID)["bots"][0]
    for listed in bot["commandLists"]:
        for command in listed["commands"]:
            swedish = commands.match(command["title"], strict=False)
            english = re.search(r"\((\w[\w ]*)\)$", command["description"])
            assert swedish is not None and english, command
            assert commands.match(english.group(1), strict=False)[0] is swedish[0], command
    assert bot["commandLists"][0]["scopes"] == ["personal"]
    personal = {c["title"] for c in bot["commandLists"][0]["commands"]}
    named = help_commands(sqlite_db)
    assert {"mina besparingar", "hem", "paus", "fortsätt", "höll", "glöm mig"} <= named
    assert named <= personal, named - personal
