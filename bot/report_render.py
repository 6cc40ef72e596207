"""A Report as a chat card (text + facts), a CSV file, a PNG chart, or JSON."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot import report_texts  # noqa: F401 - registers the texts
from bot.messages import Reply
from bot.report_figures import MIN_GROUP, OTHER, REASONS, Group, Report
from bot.texts import number, t

CHART_SIZE = (1000, 500)  # pixels of the PNG chart
CSV_COLUMNS = ("section", "group", "metric", "current", "previous", "change_pct")
SAVINGS = ("km", "hours", "sek", "kwh", "kg_co2")
SUMMARY = ("made", "accepted", "travel", "not_trip", "open", "meetings", "trips", "new_users")


COMPARE_MIN = 10  # a previous figure below this is shown as it is: a percentage of 3 is noise


def change_pct(cur: float, prev: float) -> float | None:
    return None if not prev else 100.0 * (cur - prev) / prev


def pct_text(pct: float, lang: str) -> str:
    """+12 % / −3 % / ±0 % (never "−0 %": what rounds to nothing did not change)."""
    whole = round(pct)
    sign = "±" if whole == 0 else ("+" if whole > 0 else "−")
    return f"{sign}{number(abs(whole), lang)}" + (" %" if lang == "sv" else "%")


def change(cur: float, prev: float, lang: str, base: float | None = None, shown: str = "") -> str:
    """The change against the previous period, when there is one worth a percentage: with fewer
    than COMPARE_MIN things in the previous period (`base`: what the figure counts) the previous
    figure is shown instead. Incomparable periods get no change at all (see `card`)."""
    if not cur and not prev:
        return ""
    if (prev if base is None else base) < COMPARE_MIN:
        return " (" + t(lang, "report.prev.small", n=shown or number(prev, lang)) + ")"
    return f" ({pct_text(change_pct(cur, prev) or 0.0, lang)})"


def group_name(key: str, lang: str) -> str:
    return t(lang, "report.other") if key == OTHER else key


def unit_label(unit: str | None, lang: str) -> str:
    if unit is None:
        return t(lang, "report.everyone")
    return t(lang, "report.other.units") if unit == OTHER else unit


def _i(v: float) -> int:
    return int(round(v))


# --- chat card -------------------------------------------------------------------------------


def prev_label(report: Report, lang: str) -> str:
    p = report.period
    label = f"{p.prev_start.isoformat()} – {_day_before(p.prev_end)}"
    if report.prev_until is not None:
        label += t(lang, "report.prev.until", time=f"{report.prev_until:%H:%M}")
    return label


def _upcoming(report: Report, lang: str) -> list[tuple[str, str]]:
    up = report.upcoming
    if not up.meetings:
        return []
    return [(t(lang, "report.f.upcoming"), t(
        lang, "report.upcoming", n=number(up.meetings, lang),
        sek=t(lang, "unit.sek", v=number(round(up.sek, -2), lang)),
        co2=t(lang, "unit.co2", v=number(up.kg_co2, lang))))]


def title(report: Report, lang: str) -> str:
    key = "report.title.all" if report.unit is None else "report.title.unit"
    text = t(lang, key, unit=unit_label(report.unit, lang), period=report.period.label)
    if report.comparable():
        return text + t(lang, "report.compare", prev=prev_label(report, lang)) + "."
    since = report.since.isoformat() if report.since else "–"
    return text + ". " + t(lang, "report.compare.none", prev=prev_label(report, lang), since=since)


def card(report: Report, lang: str) -> Reply:
    c, pr = report.cur, report.prev
    text = title(report, lang)

    def tt(k: str, **kw: object) -> str:
        return t(lang, k, **kw)

    def n(v: float) -> str:
        return number(v, lang)

    def ch(
        cur: float, prev: float, base: float | None = None, shown: str = "", trips: bool = False
    ) -> str:
        return change(cur, prev, lang, base, shown) if report.comparable(trips) else ""

    reasons = [
        f"{tt('reason.' + r) if r in REASONS else tt('report.reason.none')} {n(c.reasons[r])}"
        for r in (*REASONS, "none")
        if c.reasons.get(r)
    ]
    travel = n(c.travel) + ch(c.travel, pr.travel) + (f": {', '.join(reasons)}" if reasons else "")
    saved = " · ".join(
        [
            tt("unit.km", v=n(c.km)),
            tt("unit.hours", v=number(c.hours, lang)),
            tt("unit.sek", v=n(round(c.sek, -2))),
            tt("unit.kwh", v=n(c.kwh)),
            tt("unit.co2", v=n(c.kg_co2))
            + " CO2"
            + ch(c.kg_co2, pr.kg_co2, pr.meetings, tt("unit.co2", v=n(pr.kg_co2))),
        ]
    )
    facts = [
        (tt("report.f.suggested"), n(c.made) + ch(c.made, pr.made)),
        (tt("report.f.accepted"), n(c.accepted) + ch(c.accepted, pr.accepted)),
        (tt("report.f.travel"), travel),
        (tt("report.f.not_trip"), n(c.not_trip) + ch(c.not_trip, pr.not_trip)),
        (tt("report.f.open"), n(c.open)),
        (tt("report.f.meetings"), n(c.meetings) + ch(c.meetings, pr.meetings)),
        (tt("report.f.saved"), saved),
        *_upcoming(report, lang),
        (tt("report.f.trips"), n(c.trips) + ch(c.trips, pr.trips, trips=True)),
        (tt("report.f.adoption"), _adoption(report, lang)),
    ]
    if report.unit is None:
        facts.append((tt("report.f.target"), target_line(report, lang)))
    facts.append((tt("report.f.coaching"), _coaching(report.coaching, lang)))
    if report.units:
        facts.append(
            (
                tt("report.f.units"),
                "; ".join(
                    tt(
                        "report.unit.row",
                        unit=group_name(g.key, lang),
                        suggested=n(g.values.get("suggested", 0)),
                        accepted=n(g.values.get("accepted", 0)),
                        travel=n(g.values.get("travel", 0)),
                    )
                    for g in _by(report.units, "suggested")
                ),
            )
        )
    for label, groups in (
        ("report.f.routes", report.routes),
        ("report.f.recurring", report.recurring),
    ):
        if groups:
            facts.append(
                (
                    tt(label),
                    "; ".join(
                        tt(
                            "report.route.row",
                            route=group_name(g.key, lang),
                            suggested=n(g.values.get("suggested", 0)),
                            travelled=n(g.values.get("travelled", 0)),
                        )
                        for g in groups
                    ),
                )
            )
    return Reply(text, facts=facts, kind="report", note=tt("report.note"))


def _day_before(d: date) -> str:
    return (d - timedelta(days=1)).isoformat()


def _by(groups: list[Group], key: str) -> list[Group]:
    named = sorted((g for g in groups if g.key != OTHER), key=lambda g: -g.values.get(key, 0))
    return named + [g for g in groups if g.key == OTHER]


def _adoption(report: Report, lang: str) -> str:
    target = ""
    if report.adoption_target:
        pct = number(100.0 * report.active_30d / report.adoption_target, lang)
        target = t(lang, "report.adoption.target", t=report.adoption_target, pct=pct)
    return t(
        lang,
        "report.adoption",
        n=number(report.active_30d, lang),
        target=target,
        new=number(report.cur.new_users, lang),
    )


def target_line(report: Report, lang: str) -> str:
    st = report.target
    if st is None:
        return t(lang, "report.target.none")
    line = t(
        lang,
        "report.target.status",
        year=st.year,
        so_far=number(st.trips_so_far, lang),
        annual=number(st.annualised, lang),
        change=pct_text(st.change_pct, lang),
        base_year=st.baseline_year,
        base=number(st.baseline_trips, lang),
    )
    if st.on_track is not None:
        pct = f"{st.target_pct:+g} %" if lang == "sv" else f"{st.target_pct:+g}%"
        line += t(
            lang,
            "report.target.track",
            pct=pct.replace("-", "−"),
            target_year=st.target_year,
            target=number(st.target_trips or 0, lang),
            path=number(st.path_trips or 0, lang),
            verdict=t(lang, "report.target.on" if st.on_track else "report.target.off"),
        )
    return line


def _coaching(groups: list[Group], lang: str) -> str:
    if not groups:
        return t(lang, "report.coaching.none")
    total = {
        k: sum(g.values.get(k, 0) for g in groups)
        for k in ("enrolled", "checked_in", "struggling", "over_threshold")
    }
    lines = [
        t(
            lang,
            "report.coaching",
            enrolled=_i(total["enrolled"]),
            checked=_i(total["checked_in"]),
            struggling=_i(total["struggling"]),
            over=_i(total["over_threshold"]),
        )
    ]
    lines += [
        t(
            lang,
            "report.coach.row",
            coach=group_name(g.key, lang),
            enrolled=_i(g.values["enrolled"]),
            checked=_i(g.values["checked_in"]),
            struggling=_i(g.values["struggling"]),
            over=_i(g.values["over_threshold"]),
        )
        for g in groups
    ]
    return "\n".join(lines)


def text(report: Report, lang: str) -> str:
    """The card as plain text (the CLI's table format)."""
    c = card(report, lang)
    width = max(len(label) for label, _ in c.facts)
    lines = [c.text, ""]
    for label, value in c.facts:
        first, *more = value.split("\n")
        lines.append(f"{label:<{width}}  {first}")
        lines += [f"{'':<{width}}  {m}" for m in more]
    return "\n".join([*lines, "", c.note or ""])


# --- CSV ------------------------------------------------------------------------------------


def csv_rows(report: Report, lang: str) -> list[list[Any]]:
    p, c, pr = report.period, report.cur, report.prev
    rows: list[list[Any]] = [
        ["period", "all", "start", p.start.isoformat(), p.prev_start.isoformat(), ""],
        ["period", "all", "end_inclusive", _day_before(p.end), _day_before(p.prev_end), ""],
        ["period", "all", "unit", unit_label(report.unit, lang), "", ""],
        ["period", "all", "time_zone", report.tz, "", ""],
    ]
    if report.prev_until is not None:
        until = report.prev_until.isoformat(timespec="minutes")
        rows.append(["period", "all", "until", _local_now(report), until, ""])
    since = report.since.isoformat() if report.since else ""
    rows.append(["period", "all", "data_since", since, "", ""])

    def pair(section: str, group: str, metric: str, cur: float, prev: float) -> None:
        # no change where resfri had no data when the previous period began
        pct = change_pct(cur, prev) if report.comparable(metric == "trips") else None
        rows.append(
            [section, group, metric, _num(cur), _num(prev), "" if pct is None else _num(pct)]
        )

    for m in SUMMARY:
        pair("summary", "all", m, getattr(c, m), getattr(pr, m))
    for r in (*REASONS, "none"):
        pair("reasons", r, "travel", c.reasons.get(r, 0), pr.reasons.get(r, 0))
    for m in SAVINGS:
        pair("savings", "all", m, getattr(c, m), getattr(pr, m))
    rows.append(["adoption", "all", "active_30d", report.active_30d, "", ""])
    rows.append(["adoption", "all", "target", report.adoption_target or "", "", ""])
    if report.target:
        for k, v in asdict(report.target).items():
            rows.append(["targets", "all", k, "" if v is None else _num(v), "", ""])
    for section, groups in (
        ("coaching", report.coaching),
        ("units", report.units),
        ("routes", report.routes),
        ("recurring", report.recurring),
        ("monthly", report.monthly),
    ):
        for g in groups:
            name = group_name(g.key, lang)
            if section in ("units", "coaching"):
                rows.append([section, name, "people", g.people, "", ""])
            rows += [[section, name, k, _num(v), "", ""] for k, v in sorted(g.values.items())]
    return rows


def _local_now(report: Report) -> str:
    return report.now.astimezone(ZoneInfo(report.tz)).isoformat(timespec="minutes")


def _num(v: Any) -> Any:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return int(v) if v.is_integer() else round(v, 2)
    return v


def csv_bytes(report: Report, lang: str) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(report, lang))
    return buf.getvalue().encode("utf-8")


def as_json(report: Report) -> dict[str, Any]:
    data = asdict(report)
    data["period"] = {
        "start": report.period.start.isoformat(),
        "end_inclusive": _day_before(report.period.end),
        "previous_start": report.period.prev_start.isoformat(),
        "previous_end_inclusive": _day_before(report.period.prev_end),
    }
    data["now"] = report.now.isoformat()
    data["prev_until"] = report.prev_until.isoformat() if report.prev_until else None
    for key in ("since", "trips_since"):
        data[key] = data[key].isoformat() if data[key] else None
    data["comparable"] = {"chat": report.comparable(), "trips": report.comparable(True)}
    data["unit"] = "other" if report.unit == OTHER else report.unit
    for key in ("coaching", "units", "routes", "recurring", "monthly"):
        for g in data[key]:
            g["key"] = "other" if g["key"] == OTHER else g["key"]
    data["min_group"] = MIN_GROUP
    return data


# --- PNG -------------------------------------------------------------------------------------


def png_bytes(report: Report, lang: str) -> bytes:
    """Month by month: trips and web meetings (bars), the target line, kg CO2 saved (right axis).
    matplotlib's object API with the Agg canvas: no pyplot state, safe in worker threads."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    months = [g.key for g in report.monthly]
    get = lambda k: [g.values.get(k, 0.0) for g in report.monthly]  # noqa: E731
    fig = Figure(figsize=(CHART_SIZE[0] / 100, CHART_SIZE[1] / 100), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    xs = list(range(len(months)))
    ax.bar(
        [x - 0.2 for x in xs],
        get("trips"),
        width=0.4,
        color="#8c9bab",
        label=t(lang, "report.chart.trips"),
    )
    ax.bar(
        [x + 0.2 for x in xs],
        get("meetings"),
        width=0.4,
        color="#3f9e6e",
        label=t(lang, "report.chart.meetings"),
    )
    if any("target_trips" in g.values for g in report.monthly):
        ax.plot(
            xs,
            get("target_trips"),
            color="#c0392b",
            linestyle="--",
            linewidth=2,
            label=t(lang, "report.chart.target"),
        )
    ax.set_xticks(xs, months, rotation=45, ha="right", fontsize=8)
    ax.set_ylabel(t(lang, "report.chart.count"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # trips and meetings are whole
    ax2 = ax.twinx()
    ax2.plot(xs, get("kg_co2"), color="#1f5f8b", marker="o", label=t(lang, "report.chart.co2"))
    ax2.set_ylabel(t(lang, "report.chart.co2"))
    ax2.set_ylim(bottom=0)
    handles = ax.get_legend_handles_labels()
    more = ax2.get_legend_handles_labels()
    ax.legend(handles[0] + more[0], handles[1] + more[1], loc="upper left", fontsize=8)
    ax.set_title(f"{t(lang, 'report.chart.title')} — {unit_label(report.unit, lang)}")
    fig.subplots_adjust(left=0.07, right=0.92, top=0.92, bottom=0.17)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()
