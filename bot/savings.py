"""What a web meeting saves instead of a trip: km, hours, SEK, kWh and kg CO2e.

One estimate covers the round trip for all travellers. The model and every parameter are written
up in ``docs/savings.md``; the parameter table lives in ``bot/savings_factors.py``.

    one_way  = max(great-circle km × detour[mode], min_one_way_km)
    km       = 2 × one_way × travellers                       (person-km)
    hours    = 2 × (one_way / speed[mode] + overhead[mode]) × travellers
    car:       vkm = 2 × one_way × cars, cars = ceil(travellers / car_occupancy)
               kWh, CO2 and mileage all on the same vehicle-km
    public:    kWh, CO2 and fare per person-km
    sek      = sek_travel + hours × hourly_cost_sek

Floats are kept unrounded; round only when presenting (``Estimate.as_dict``).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.places import Place, distance_km
from bot.savings_factors import FACTOR_SET_VERSION, PARAMETERS, POSITIVE, Param

__all__ = [
    "FACTOR_SET_VERSION",
    "MODES",
    "PARAMETERS",
    "Estimate",
    "Param",
    "default_mode",
    "estimate",
    "factor_set",
    "parameter_rows",
    "parse_overrides",
    "region_for",
    "sum_estimates",
]

MODES = ("car", "train", "bus", "plane")
_DETOUR = {
    "car": "detour_road",
    "bus": "detour_road",
    "train": "detour_rail",
    "plane": "detour_air",
}
_KNOWN = frozenset().union(*(table.keys() for table in PARAMETERS.values()))


@dataclass(frozen=True)
class Estimate:
    km: float  # person-km, round trip, all travellers
    hours: float  # travel hours, round trip, all travellers
    sek: float  # sek_travel + sek_time
    sek_travel: float
    sek_time: float
    kwh: float
    kg_co2: float
    mode: str  # car|train|bus|plane
    mode_assumed: bool  # True when the message didn't say and the model chose
    travellers: int
    one_way_km: float  # along road/rail/air (great-circle × detour, at least min_one_way_km)
    factor_set: str  # e.g. "SE-2025.1", "+o<hash>" appended when overrides were applied
    # Additions beyond the shared interface (defaults keep positional construction working):
    region: str = "SE"  # parameter table used
    cars: int = 0  # cars counted (car mode only)
    in_town: bool = False  # the minimum in-town distance was used
    notes: tuple[str, ...] = ()  # plain-English remarks for logs and the CLI

    def as_dict(self) -> dict[str, float]:
        """The contract's `savings` object, rounded for presentation."""
        return {
            "km": round(self.km),
            "hours": round(self.hours, 1),
            "sek": int(round(self.sek, -1)) if self.sek >= 100 else round(self.sek),
            "kwh": round(self.kwh),
            "kg_co2": round(self.kg_co2, 1) if self.kg_co2 < 10 else round(self.kg_co2),
        }


def region_for(country: str | None) -> str:
    """The parameter table for an origin country: "SE" for Sweden, "EU" (DESNZ) otherwise."""
    code = (country or "").strip().upper()
    return code if code in PARAMETERS else "EU"


def factor_set(region: str, overrides: Mapping[str, float] | None = None) -> str:
    """The version stamp stored with an estimate; overrides add a short digest of their values."""
    stamp = f"{region}-{FACTOR_SET_VERSION}"
    if overrides:
        canon = json.dumps(sorted((k, float(v)) for k, v in overrides.items()))
        stamp += "+o" + hashlib.sha256(canon.encode()).hexdigest()[:8]
    return stamp


def _check_value(key: str, value: object) -> float:
    if key not in _KNOWN:
        raise ValueError(
            f"unknown savings parameter {key!r} in overrides; known parameters: "
            + ", ".join(sorted(_KNOWN))
        )
    if isinstance(value, bool):
        raise ValueError(f"savings parameter {key!r} must be a number, got {value!r}")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"savings parameter {key!r} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"savings parameter {key!r} must be a finite number, got {value!r}")
    if key in POSITIVE and number <= 0:
        raise ValueError(f"savings parameter {key!r} must be greater than 0, got {value!r}")
    if number < 0:
        raise ValueError(f"savings parameter {key!r} must not be negative, got {value!r}")
    return number


def _validated(overrides: Mapping[str, object] | None) -> dict[str, float]:
    return {str(k): _check_value(str(k), v) for k, v in (overrides or {}).items()}


def parse_overrides(raw: str | None) -> dict[str, float]:
    """Overrides from configuration: a JSON object or ``key=value`` pairs separated by commas.

    ``'{"mileage_sek_per_vkm": 3.0}'`` and ``'mileage_sek_per_vkm=3.0,hourly_cost_sek=450'``
    both work; empty or None gives no overrides. A bad key or value raises ValueError naming it.
    """
    text = (raw or "").strip()
    if not text:
        return {}
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"savings overrides are not valid JSON: {exc.msg}") from None
        if not isinstance(data, dict):
            raise ValueError("savings overrides must be a JSON object of name: number")
        return _validated(data)
    pairs: dict[str, object] = {}
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"savings override {item!r} is not of the form name=number")
        pairs[key.strip()] = value.strip()
    return _validated(pairs)


def _values(region: str, overrides: Mapping[str, object] | None) -> dict[str, float]:
    values = {name: param.value for name, param in PARAMETERS[region].items()}
    values.update(_validated(overrides))
    return values


def default_mode(one_way_road_km: float, values: Mapping[str, float]) -> str:
    """The mode assumed when the message doesn't say: car, then train, then plane by distance."""
    if one_way_road_km < values["default_car_max_km"]:
        return "car"
    if one_way_road_km <= values["default_train_max_km"]:
        return "train"
    return "plane"


def estimate(
    origin: Place,
    destination: Place,
    mode: str | None,
    travellers: int | None,
    overrides: Mapping[str, float] | None = None,
    *,
    cars: int | None = None,
) -> Estimate:
    """Savings of holding the meeting on the web instead of this round trip.

    ``mode`` None lets the model choose (see ``default_mode``); ``travellers`` None counts one.
    ``cars`` fixes the number of cars when the message says so (car mode only); otherwise
    ``ceil(travellers / car_occupancy)``.
    """
    region = region_for(origin.country)
    v = _values(region, overrides)
    notes: list[str] = []
    if region != (origin.country or "").upper():
        notes.append(
            f"No factor table for origin country {origin.country!r}: EU defaults "
            "(DESNZ 2025; Swedish costs in SEK) used."
        )

    n = 1 if travellers is None else int(travellers)
    if n < 1 or n != travellers and travellers is not None:
        raise ValueError(f"travellers must be a whole number of at least 1, got {travellers!r}")

    great_circle = distance_km(origin, destination)
    mode_assumed = mode is None
    if mode is None:
        road_km = max(great_circle * v["detour_road"], v["min_one_way_km"])
        mode = default_mode(road_km, v)
    else:
        mode = mode.strip().lower()
        if mode not in MODES:
            raise ValueError(f"unknown travel mode {mode!r}; expected one of {', '.join(MODES)}")

    along = great_circle * v[_DETOUR[mode]]
    in_town = along < v["min_one_way_km"]
    one_way = max(along, v["min_one_way_km"])
    if in_town:
        notes.append(f"Short or in-town trip: minimum {v['min_one_way_km']:g} km one way used.")

    km = 2 * one_way * n
    hours = 2 * (one_way / v[f"{mode}_speed_kmh"] + v[f"{mode}_overhead_h"]) * n

    n_cars = 0
    if mode == "car":
        if cars is not None:
            if int(cars) != cars or cars < 1:
                raise ValueError(f"cars must be a whole number of at least 1, got {cars!r}")
            n_cars = int(cars)
        else:
            # Whole cars: a trip is made in real vehicles. The epsilon keeps 3 / 1.5 at 2.
            n_cars = max(1, math.ceil(n / v["car_occupancy"] - 1e-9))
        vkm = 2 * one_way * n_cars
        kwh = vkm * v["car_kwh_per_vkm"]
        kg = vkm * v["car_kg_per_vkm"]
        sek_travel = vkm * v["mileage_sek_per_vkm"]
    else:
        if cars is not None:
            raise ValueError(f"cars given for a {mode} trip; cars apply to car trips only")
        kwh = km * v[f"{mode}_kwh_per_pkm"]
        kg = km * v[f"{mode}_kg_per_pkm"]
        sek_travel = km * v[f"{mode}_fare_sek_per_pkm"]
    sek_time = hours * v["hourly_cost_sek"]

    return Estimate(
        km=km,
        hours=hours,
        sek=sek_travel + sek_time,
        sek_travel=sek_travel,
        sek_time=sek_time,
        kwh=kwh,
        kg_co2=kg,
        mode=mode,
        mode_assumed=mode_assumed,
        travellers=n,
        one_way_km=one_way,
        factor_set=factor_set(region, _validated(overrides)),
        region=region,
        cars=n_cars,
        in_town=in_town,
        notes=tuple(notes),
    )


def sum_estimates(estimates: Sequence[Estimate]) -> Estimate:
    """Several round trips to one meeting (people coming from different places) as one estimate.

    Each part comes from ``estimate`` for its own origin; this only adds them up. The quantities
    and travellers are sums; ``mode`` and ``factor_set`` are the ones most travellers have (ties:
    the most person-km), ``one_way_km`` is the longest trip, ``in_town`` only when every part is.
    """
    if not estimates:
        raise ValueError("no estimates to sum")
    if len(estimates) == 1:
        return estimates[0]

    def most(attr: str) -> str:
        weight: dict[str, tuple[int, float]] = {}  # value -> (travellers, person-km)
        for e in estimates:
            n, km = weight.get(getattr(e, attr), (0, 0.0))
            weight[getattr(e, attr)] = (n + e.travellers, km + e.km)
        return max(weight, key=weight.__getitem__)

    stamp = most("factor_set")
    notes = [n for e in estimates for n in e.notes]
    if len({e.factor_set for e in estimates}) > 1:
        notes.append(f"Parts estimated with different factor sets; {stamp} shown.")
    return Estimate(
        km=sum(e.km for e in estimates),
        hours=sum(e.hours for e in estimates),
        sek=sum(e.sek for e in estimates),
        sek_travel=sum(e.sek_travel for e in estimates),
        sek_time=sum(e.sek_time for e in estimates),
        kwh=sum(e.kwh for e in estimates),
        kg_co2=sum(e.kg_co2 for e in estimates),
        mode=most("mode"),
        mode_assumed=any(e.mode_assumed for e in estimates),
        travellers=sum(e.travellers for e in estimates),
        one_way_km=max(e.one_way_km for e in estimates),
        factor_set=stamp,
        region=next(e.region for e in estimates if e.factor_set == stamp),
        cars=sum(e.cars for e in estimates),
        in_town=all(e.in_town for e in estimates),
        notes=tuple(dict.fromkeys(notes)),
    )


def parameter_rows(
    region: str = "SE", overrides: Mapping[str, float] | None = None
) -> list[tuple[str, float, str, str, str]]:
    """(name, value, unit, source, year) for every parameter of a region, overrides applied."""
    key = region.strip().upper()
    if key not in PARAMETERS:
        raise ValueError(f"unknown savings region {region!r}; expected one of {sorted(PARAMETERS)}")
    changed = _validated(overrides)
    rows = []
    for name, param in PARAMETERS[key].items():
        if name in changed:
            rows.append(
                (
                    name,
                    changed[name],
                    param.unit,
                    f"organisation override (default {param.value:g}: {param.source})",
                    "configured",
                )
            )
        else:
            rows.append((name, param.value, param.unit, param.source, param.year))
    return rows
