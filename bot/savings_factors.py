"""The savings model's parameters as data: one table per region, each row sourced.

Values, units, sources and years come from ``/work/shared/research/savings.md`` (sections 2, 3
and 5); ``docs/savings.md`` explains them. Change a value here only with its source and year, and
bump ``FACTOR_SET_VERSION`` so stored estimates stay traceable to the table that produced them.
"""

from __future__ import annotations

from dataclasses import dataclass

FACTOR_SET_VERSION = "2025.1"


@dataclass(frozen=True)
class Param:
    value: float
    unit: str
    source: str
    year: str


def _p(value: float, unit: str, source: str, year: str) -> Param:
    return Param(float(value), unit, source, year)


_ASSUMPTION = "assumption (judgement value, override with your own)"

# Parameters shared by the regions unless a region's table says otherwise: geometry, speeds,
# overheads and the default-mode rule are about how people travel, not about a country's grid.
_COMMON: dict[str, Param] = {
    "detour_road": _p(
        1.25,
        "× great-circle",
        "own check: E18/R70 road km from Stockholm to 10 Uppland/Dalarna towns ÷ great-circle "
        "= 1.11–1.26 (beautifulroads.se); European urban radial detour 1.34 (Environment and "
        "Planning B)",
        "2023–2025",
    ),
    "detour_rail": _p(1.25, "× great-circle", "as detour_road (no separate rail check)", "2025"),
    "detour_air": _p(1.08, "× great-circle", "DESNZ 8 % great-circle uplift (verify)", "2025"),
    "min_one_way_km": _p(
        5.0, "km", "assumption: shortest trip across town, used when places coincide", "2025"
    ),
    "car_occupancy": _p(
        1.5, "persons/car", "assumption; older DEFRA guidance used 1.6 (Hansard)", "2008"
    ),
    "car_speed_kmh": _p(70.0, "km/h", _ASSUMPTION, "2025"),
    "bus_speed_kmh": _p(50.0, "km/h", _ASSUMPTION, "2025"),
    "train_speed_kmh": _p(
        120.0,
        "km/h",
        "judgement from timetables: Stockholm–Göteborg ≈ 455 rail km in ≈ 3 h (≈ 150 km/h), "
        "regional lines 80–100 km/h; research's 90 doubled long trips (see docs)",
        "2025",
    ),
    "plane_speed_kmh": _p(500.0, "km/h", _ASSUMPTION, "2025"),
    "car_overhead_h": _p(0.0, "h per one-way leg", _ASSUMPTION, "2025"),
    "bus_overhead_h": _p(0.25, "h per one-way leg", _ASSUMPTION, "2025"),
    "train_overhead_h": _p(
        0.5, "h per one-way leg", _ASSUMPTION + "; to and from stations", "2025"
    ),
    "plane_overhead_h": _p(
        2.0, "h per one-way leg", _ASSUMPTION + "; airport access, check-in, getting away", "2025"
    ),
    "default_car_max_km": _p(
        150.0,
        "one-way road km",
        "rule of thumb for the assumed mode: car below this (see docs/savings.md)",
        "2025",
    ),
    "default_train_max_km": _p(
        500.0,
        "one-way road km",
        "rule of thumb for the assumed mode: train up to this, plane beyond (50 mil)",
        "2025",
    ),
}

_SE: dict[str, Param] = {
    "car_kwh_per_vkm": _p(
        0.65,
        "kWh/vkm",
        "Swedish fleet ≈ 0.7 l/10 km × 9.1–9.8 kWh/l (Drivkraft Sverige/SPBI); final energy",
        "2024",
    ),
    "car_kg_per_vkm": _p(
        0.16,
        "kg CO2e/vkm",
        "Travel & Climate (Chalmers), Swedish average car 157 g/vkm, life-cycle fuel "
        "(klimatsmartsemester.se, klimatresa.se)",
        "2019–2023",
    ),
    "train_kwh_per_pkm": _p(
        0.08, "kWh/pkm", "SJ 503 GWh in 2013 (Göteborgs-Posten); electric train", "2014"
    ),
    "train_kg_per_pkm": _p(
        0.007,
        "kg CO2e/pkm",
        "klimatresa.se, location-based Nordic electricity (SJ market-based ≈ 0)",
        "2023",
    ),
    "bus_kwh_per_pkm": _p(
        0.25,
        "kWh/pkm",
        "derived: DESNZ 2025 coach and local bus CO2 ÷ 0.26 kg/kWh diesel = 0.11–0.40",
        "2025",
    ),
    "bus_kg_per_pkm": _p(
        0.015,
        "kg CO2e/pkm",
        "SJ climate calculator (3 kg per 20 mil); Travel & Climate HVO bus 14 g; 93 % renewable "
        "fuel in subsidised Swedish bus traffic (Svensk Kollektivtrafik FRIDA)",
        "2022–2023",
    ),
    "plane_kwh_per_pkm": _p(
        0.50,
        "kWh/pkm",
        "derived: DESNZ 2025 domestic 0.134 kg CO2/pkm ÷ (2.52 kg/l ÷ 9.6 kWh/l jet fuel, SPBI)",
        "2025",
    ),
    "plane_kg_per_pkm": _p(
        0.229,
        "kg CO2e/pkm",
        "DESNZ 2025, domestic flight, average passenger, with radiative forcing (0.136 without)",
        "2025",
    ),
    "mileage_sek_per_vkm": _p(
        2.50, "SEK/vkm", "Skatteverket tax-free mileage allowance, own car, 25 kr/mil", "2025"
    ),
    "train_fare_sek_per_pkm": _p(
        1.5, "SEK/pkm", "assumption: rebookable 2nd class; fares vary widely (flagged)", "2025"
    ),
    "bus_fare_sek_per_pkm": _p(1.0, "SEK/pkm", "assumption (flagged)", "2025"),
    "plane_fare_sek_per_pkm": _p(2.5, "SEK/pkm", "assumption, domestic (flagged)", "2025"),
    "hourly_cost_sek": _p(
        400.0,
        "SEK/h",
        "employer's cost of time: 40 000 kr/month × 12 × 1.445 (SKR PO-pålägg 44.5 %) ÷ 1 720 h",
        "2023–2024",
    ),
}

_EU_COST_NOTE = "Swedish value in SEK, no EU default: set it for your country"

# DESNZ/DEFRA GHG conversion factors 2025 (flat file), tank-to-wheel as DESNZ headlines them;
# energy derived from those at the fuel bases given in the research (0.26 kg CO2/kWh).
_EU: dict[str, Param] = {
    "car_kwh_per_vkm": _p(
        0.64,
        "kWh/vkm",
        "derived: DESNZ 2025 average car 0.16725 kg/vkm ÷ 0.26 kg CO2/kWh (petrol/diesel)",
        "2025",
    ),
    "car_kg_per_vkm": _p(
        0.16725,
        "kg CO2e/vkm",
        "DESNZ 2025, average car, unknown fuel, tank-to-wheel (WTT +0.04399)",
        "2025",
    ),
    "train_kwh_per_pkm": _p(
        0.08, "kWh/pkm", "no DESNZ energy figure; Swedish value (SJ via GP) used", "2014"
    ),
    "train_kg_per_pkm": _p(
        0.03546, "kg CO2e/pkm", "DESNZ 2025, national rail, tank-to-wheel (WTT +0.00897)", "2025"
    ),
    "bus_kwh_per_pkm": _p(
        0.11, "kWh/pkm", "derived: DESNZ 2025 coach 0.02776 kg/pkm ÷ 0.26 kg CO2/kWh", "2025"
    ),
    "bus_kg_per_pkm": _p(
        0.02776, "kg CO2e/pkm", "DESNZ 2025, coach, tank-to-wheel (WTT +0.00656)", "2025"
    ),
    "plane_kwh_per_pkm": _p(
        0.50,
        "kWh/pkm",
        "derived: DESNZ 2025 domestic 0.134 kg CO2/pkm ÷ (2.52 kg/l ÷ 9.6 kWh/l jet fuel, SPBI)",
        "2025",
    ),
    "plane_kg_per_pkm": _p(
        0.22928,
        "kg CO2e/pkm",
        "DESNZ 2025, domestic flight, average passenger, with radiative forcing",
        "2025",
    ),
    "mileage_sek_per_vkm": _p(2.50, "SEK/vkm", _EU_COST_NOTE + " (Skatteverket)", "2025"),
    "train_fare_sek_per_pkm": _p(1.5, "SEK/pkm", _EU_COST_NOTE + " (assumption)", "2025"),
    "bus_fare_sek_per_pkm": _p(1.0, "SEK/pkm", _EU_COST_NOTE + " (assumption)", "2025"),
    "plane_fare_sek_per_pkm": _p(2.5, "SEK/pkm", _EU_COST_NOTE + " (assumption)", "2025"),
    "hourly_cost_sek": _p(400.0, "SEK/h", _EU_COST_NOTE + " (SKR, see SE)", "2023–2024"),
}

PARAMETERS: dict[str, dict[str, Param]] = {
    "SE": {**_COMMON, **_SE},
    "EU": {**_COMMON, **_EU},
}

# Parameters that must be strictly positive (divisors and multipliers that cannot be zero);
# every other parameter must be zero or more.
POSITIVE = frozenset(
    {
        "detour_road",
        "detour_rail",
        "detour_air",
        "car_occupancy",
        "car_speed_kmh",
        "bus_speed_kmh",
        "train_speed_kmh",
        "plane_speed_kmh",
    }
)
