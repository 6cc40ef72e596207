"""The `resfri` command as an operator runs it: real processes, a real database file."""

from __future__ import annotations

import os
import subprocess
import sys


def resfri(*args: str, cwd, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("SLACK_", "MICROSOFT_APP_", "RESFRI_")) and k != "DATABASE_URL"}
    return subprocess.run([sys.executable, "-m", "adapters.cli", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=120, env={**clean, **env})


def test_swedish_chat_session_survives_a_restart(tmp_path):
    assert resfri("db", "upgrade", cwd=tmp_path).returncode == 0
    session = "\n".join([
        "hem Mora",
        "Jag kör till Falun på torsdag kl 10 på möte med regionen",
        "1",
        "mina besparingar",
    ]) + "\n"
    run = resfri("chat", "--user", "anna", "--lang", "sv", cwd=tmp_path, stdin=session)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "du utgår från Mora" in out
    assert "[1] Vi kör webbmöte" in out and "Sträcka" in out and "kWh" in out and "Koldioxid" in out
    assert "Toppen" in out
    assert "Dina webbmöten i stället för resor: 1 st." in out
    again = resfri("chat", "--user", "anna", cwd=tmp_path, stdin="mina besparingar\n")
    assert "Dina webbmöten i stället för resor: 1 st." in again.stdout


def test_english_chat_decline_with_reason_and_not_a_trip(tmp_path):
    resfri("db", "upgrade", cwd=tmp_path)
    session = "\n".join([
        "home Borlänge",
        "Driving to Ludvika on Friday for the budget meeting",
        "2",  # I need to travel
        "1",  # site visit
        "Taking the train to Stockholm on 10/12 for the SKR conference",
        "3",  # not a trip
    ]) + "\n"
    out = resfri("chat", "--user", "bo", "--lang", "en", cwd=tmp_path, stdin=session).stdout
    assert "What makes this meeting need to happen in person?" in out
    assert "Thanks, noted (Site visit)" in out
    assert "Thanks for telling me!" in out


def test_forget_me_in_the_console(tmp_path):
    resfri("db", "upgrade", cwd=tmp_path)
    out = resfri("chat", "--user", "cia", "--lang", "sv", cwd=tmp_path,
                 stdin="glöm mig\n1\nmina besparingar\n").stdout
    assert "Jag har glömt dig" in out


def test_serve_refuses_an_out_of_date_schema(tmp_path):
    run = resfri("serve", "--port", "0", cwd=tmp_path)
    assert run.returncode == 2
    assert "resfri db upgrade" in run.stderr and "Traceback" not in run.stderr


def test_bad_configuration_is_a_clear_message(tmp_path):
    run = resfri("db", "upgrade", cwd=tmp_path, DATABASE_URL="nonsense://")
    assert run.returncode == 2 and "DATABASE_URL" in run.stderr and "Traceback" not in run.stderr
    run = resfri("db", "upgrade", cwd=tmp_path, RESFRI_TIMEZONE="Mars/Olympus")
    assert run.returncode == 2 and "RESFRI_TIMEZONE" in run.stderr
    run = resfri("db", "upgrade", cwd=tmp_path, DATABASE_URL="postgresql://nobody@127.0.0.1:1/none")
    assert run.returncode == 2 and "cannot upgrade" in run.stderr and "Traceback" not in run.stderr


def test_env_file_is_read(tmp_path):
    (tmp_path / ".env").write_text(f"DATABASE_URL=sqlite:///{tmp_path / 'from-env.db'}\n")
    assert resfri("db", "upgrade", cwd=tmp_path).returncode == 0
    assert (tmp_path / "from-env.db").exists()


def test_serve_refuses_a_public_address_in_emulator_mode(tmp_path):
    resfri("db", "upgrade", cwd=tmp_path)
    run = resfri("serve", "--host", "0.0.0.0", "--port", "0", cwd=tmp_path)
    assert run.returncode == 2 and "MICROSOFT_APP_ID" in run.stderr
