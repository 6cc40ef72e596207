"""Periods in words; baseline, targets and adoption target set by an admin; the travel-records
import with bad rows; units set by an admin; `resfri report` on the command line."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from adapters import cli
from bot.messages import Inbound
from bot.periods import PeriodError, read_period
from bot.report_store import import_trips

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    "words,start,end",
    [
        ("", "2026-03-01", "2026-03-01"),
        ("denna månad", "2026-03-01", "2026-03-01"),
        ("förra månaden", "2026-02-01", "2026-02-28"),
        ("förra kvartalet", "2025-10-01", "2025-12-31"),
        ("2025", "2025-01-01", "2025-12-31"),
        ("last 30 days", "2026-01-31", "2026-03-01"),
        ("Q1", "2026-01-01", "2026-03-01"),
        ("Q3 2025", "2025-07-01", "2025-09-30"),
        ("i år", "2026-01-01", "2026-03-01"),
        ("this week", "2026-02-23", "2026-03-01"),
        ("2026-01-01..2026-03-31", "2026-01-01", "2026-03-01"),
        ("senaste 12 månaderna", "2025-03-02", "2026-03-01"),
        ("december", "2025-12-01", "2025-12-31"),
    ],
)
def test_periods_in_words(words: str, start: str, end: str) -> None:
    p = read_period(words, TODAY)
    assert (p.start.isoformat(), p.label[-10:]) == (start, end)
    assert p.prev_start < p.prev_end <= p.start  # full calendar periods compare whole months


def test_previous_period_is_the_same_stretch() -> None:
    p = read_period("förra månaden", TODAY)
    assert (p.prev_start, p.prev_end) == (date(2026, 1, 1), date(2026, 2, 1))
    p = read_period("i år", date(2026, 3, 15))
    assert (p.prev_start, p.prev_end) == (date(2025, 1, 1), date(2025, 3, 16))


@pytest.mark.parametrize("words,why", [("förra tisdagen i juli 1850", "unread"), ("1850", "too_old"),
                                       ("2031", "future"), ("blå måndag", "unread")])  # fmt: skip
def test_periods_that_cannot_be_used(words: str, why: str) -> None:
    with pytest.raises(PeriodError) as exc:
        read_period(words, TODAY)
    assert exc.value.why == why


def admin(app, words: str, now: datetime = NOW, lang: str = "sv-SE"):  # noqa: ANN001, ANN201
    return app.conversation.handle(
        Inbound("slack", "U_ADMIN", "T1", text=words, command=True, locale=lang), now
    )


CSV_TRIPS = """datum;från;till;färdsätt;enhet;km;kostnad
2011-02-03;Falun;Stockholm;tåg;Socialtjänsten;460;1 200,50
2011-02-04;Falun;Uppsala;bil;Socialtjänsten;420;2100
2011-13-01;Falun;Mora;bil;IT;170;900
2011-05-06;Falun;Göteborg;raket;IT;900;4000
2011-06-07;Falun;Mora;buss;IT;-5;300

2026-01-15;Falun;Stockholm;tåg;IT;460;1200
2026-02-10;Falun;Stockholm;flyg;IT;460;abc
2026-02-11;Falun;Karlstad;bil;IT;300;1500
"""


def test_import_keeps_good_rows_and_reports_bad_ones_by_line(app) -> None:
    ok, errors = import_trips(app.repo, CSV_TRIPS)
    assert ok == 4
    assert sorted(errors) == [4, 5, 6, 9]
    assert "date" in errors[4] and "mode" in errors[5] and "km" in errors[6] and "sek" in errors[9]
    assert import_trips(app.repo, CSV_TRIPS) == (4, errors)  # a second import adds nothing
    with app.engine.connect() as conn:
        rows = conn.execute(text("SELECT source, mode, sek FROM triprecord ORDER BY id")).all()
    assert len(rows) == 4 and {r[0] for r in rows} == {"import"}
    assert rows[0][1:] == ("train", 1200.5)
    ok, errors = import_trips(app.repo, "from,to\nFalun,Mora\n")
    assert ok == 0 and "no date column" in errors[1]


def test_baseline_targets_and_whether_on_track(app) -> None:
    import_trips(app.repo, CSV_TRIPS)
    [r] = admin(app, "statistik baslinje 2011")  # counted from the imported records
    assert r.text == "Baslinje satt: 2 resor år 2011."
    [r] = admin(app, "statistik baslinje 2011 4 200")
    assert r.text == "Baslinje satt: 4\u00a0200 resor år 2011."
    [r] = admin(app, "stats target -20% 2027", lang="en-GB")
    assert r.text == "Target set: −20% against the baseline by 2027."
    [r] = admin(app, "statistik mål 2030 -40 %")
    assert r.kind == "info" and "2030" in r.text
    [r] = admin(app, "statistik adoptionsmål 50")
    assert r.kind == "info"
    [r] = admin(app, "statistik mål tjugo procent")
    assert r.kind == "error" and "statistik mål -20% 2027" in r.text
    [r] = admin(app, "statistik csv i år")
    rows = {(x[0], x[2]): x[3] for x in csv.reader(io.StringIO(r.attachments[0].data.decode()))}
    so_far = 2  # the good imported 2026 rows (line 9 is bad)
    annual = so_far * 365 / 60  # 1 January to 1 March, both days counted
    path = 4200 + (4200 * 0.8 - 4200) * (2026 - 2011) / (2027 - 2011)
    assert float(rows["targets", "trips_so_far"]) == so_far
    assert float(rows["targets", "annualised"]) == pytest.approx(annual, abs=0.01)
    assert float(rows["targets", "path_trips"]) == pytest.approx(path, abs=0.01)
    assert rows["targets", "on_track"] == "yes"
    assert float(rows["adoption", "target"]) == 50
    [card] = admin(app, "statistik i år")
    target = dict(card.facts)["Mål"]
    assert "i fas" in target and "−20 %" in target and "2027" in target


def test_an_admin_sets_a_persons_unit(app) -> None:
    app.conversation.handle(Inbound("slack", "U7", "T1", text="hej", locale="sv-SE"), NOW)
    [r] = admin(app, "statistik enhet <@U7> Miljöförvaltningen")
    assert r.text == "Klart: personen räknas nu till Miljöförvaltningen."
    with app.engine.connect() as conn:
        assert conn.execute(text("SELECT unit FROM person WHERE user_id = 'U7'")).scalar() == \
            "Miljöförvaltningen"  # fmt: skip
    [r] = admin(app, "statistik enhet <@U404> IT")
    assert r.kind == "error" and "U404" in r.text


def test_resfri_report_on_the_command_line(app, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", str(app.engine.url))
    import_trips(app.repo, CSV_TRIPS)
    out = tmp_path / "r.json"
    args = ["report", "--from", "2026-01-01", "--to", "2026-02-28", "--now", "2026-03-01T09:00"]
    assert cli.main([*args, "--format", "json", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["cur"]["trips"] == 2 and data["period"]["end_inclusive"] == "2026-02-28"
    assert cli.main([*args, "--format", "csv", "--out", str(tmp_path / "r.csv")]) == 0
    assert (tmp_path / "r.csv").read_text().startswith("section,group,metric,current,previous")
    assert cli.main([*args, "--format", "png", "--out", str(tmp_path / "r.png")]) == 0
    assert (tmp_path / "r.png").read_bytes()[:4] == b"\x89PNG"
    assert cli.main(["report", "--from", "2026-02-30"]) == 2
    assert "not a date" in capsys.readouterr().err
    assert cli.main(["report", "--unit", "Brandkåren"]) == 2
    assert "no unit called 'Brandkåren'" in capsys.readouterr().err
    assert cli.main([*args, "--lang", "en"]) == 0
    assert "Statistics for the whole organisation" in capsys.readouterr().out


def test_stats_in_the_console_as_the_slash_command(tmp_path) -> None:
    from tests.test_cli import resfri

    env = {"RESFRI_ADMINS": "U_ADMIN", "RESFRI_DEFAULT_ORIGIN": "Falun"}
    assert resfri("db", "upgrade", cwd=tmp_path, **env).returncode == 0
    resfri("chat", "--user", "anna", "--lang", "sv", cwd=tmp_path, **env,
           stdin="Jag kör till Mora på torsdag på ett möte\n1\n")  # fmt: skip
    session = "/resfri stats förra tisdagen i juli 1850\n/resfri stats csv\n/resfri statistik\n"
    out = resfri("chat", "--user", "U_ADMIN", "--lang", "sv", cwd=tmp_path, stdin=session,
                 **env).stdout  # fmt: skip
    assert 'Jag kunde läsa "juli 1850"' in out  # read as the command, not as chat about a trip
    [csv_file] = tmp_path.glob("resfri-*.csv")
    assert f"[{csv_file.name}: " in out
    assert csv_file.read_text().startswith("section,group,metric,current,previous,change_pct")
    assert "Förslag: 1" in out and "Blev webbmöte: 1" in out
    refused = resfri("chat", "--user", "anna", cwd=tmp_path, stdin="/resfri stats\n", **env)
    assert "bara för administratörer" in refused.stdout
