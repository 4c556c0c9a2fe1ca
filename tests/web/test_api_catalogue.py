"""The read-only catalogue API in the shape of DESIGN.md's contract."""
from __future__ import annotations

from typing import Any

from geopy.distance import geodesic

# The reference's coordinates (../shared/reference/domain-facts.md) where it has them.
REFERENCE = {
    "kremlin-wall-necropolis": (55.75361, 37.61972, "Europe/Moscow"),
    "museum-of-cosmonautics": (55.8228, 37.6398, "Europe/Moscow"),
    "star-city": (55.874444, 38.115, "Europe/Moscow"),  # moved to Wikipedia's point in issue 15 (~740 m)
    "baikonur-gagarins-start": (45.920278, 63.342222, "Asia/Qyzylorda"),
    "baikonur-site-31": (45.9961, 63.5639, "Asia/Qyzylorda"),
}
SEED_IDS = {"kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh", "star-city",
            "baikonur-gagarins-start", "baikonur-site-31", "buran-control-centre", "baikonur-museum",
            "baikonur-space-school"}
SITE_KEYS = {"id", "name", "name_ru", "kind", "region", "country", "lat", "lon", "timezone",
             "visit_minutes", "hours", "closures", "access", "sources"}
LAUNCH_KEYS = {"id", "mission", "vehicle", "pad", "net", "net_local", "window_start", "window_end",
               "status", "precision", "rollout", "last_updated"}


def test_sites_lists_every_seed_site_where_the_reference_puts_it(client: Any) -> None:
    sites = {s["id"]: s for s in client.get("/api/sites").get_json()}
    assert SEED_IDS <= set(sites)
    for site in sites.values():
        assert SITE_KEYS <= set(site), site["id"]
    for site_id, (lat, lon, tz) in REFERENCE.items():
        site = sites[site_id]
        assert geodesic((lat, lon), (site["lat"], site["lon"])).meters < 500, site_id
        assert site["timezone"] == tz
    for site in sites.values():
        if site["region"] == "baikonur":
            assert site["timezone"] == "Asia/Qyzylorda"


def test_site_carries_hours_and_rules_in_plain_words(client: Any) -> None:
    site = client.get("/api/sites/baikonur-gagarins-start").get_json()
    permit = [r for r in site["access"] if r["kind"] == "permit"]
    assert permit and permit[0]["lead_days"]["*"] == 55
    assert any("55 days" in line for line in permit[0]["text"])
    museum = client.get("/api/sites/museum-of-cosmonautics").get_json()
    assert museum["hours"]["weekly"]["mon"] == []
    assert museum["hours"]["weekly"]["tue"]


def test_unknown_site_is_a_json_404(client: Any) -> None:
    response = client.get("/api/sites/no-such-site")
    assert response.status_code == 404
    assert response.is_json and "no-such-site" in response.get_json()["message"]


def test_launches_show_soyuz_ms_24_in_utc_and_baikonur_time(client: Any) -> None:
    launches = {x["id"]: x for x in client.get("/api/launches").get_json()}
    ms24 = launches["soyuz-ms-24"]
    assert LAUNCH_KEYS <= set(ms24)
    assert ms24["net"] == "2023-09-15T15:44:00Z"
    assert ms24["net_local"] == "2023-09-15T20:44:00+05:00"
    ms05 = launches["soyuz-ms-05"]
    assert ms05["net_local"] == "2017-07-28T21:41:00+06:00"  # UTC+6 before 2018-12-21
    assert ms05["rollout"]["local"].startswith("2017-07-26T")


def test_launch_filters(client: Any) -> None:
    everything = client.get("/api/launches").get_json()
    upcoming = client.get("/api/launches?upcoming=true").get_json()
    past = client.get("/api/launches?past=true").get_json()
    assert len(upcoming) + len(past) == len(everything) and upcoming and past
    assert all(x["status"] in ("TBD", "TBC", "Go", "Hold") for x in upcoming)
    pad = client.get("/api/launches?pad=baikonur-gagarins-start").get_json()
    assert pad and all(x["pad"] == "baikonur-gagarins-start" for x in pad)
    assert "soyuz-ms-15" in {x["id"] for x in pad}
    failures = client.get("/api/launches?status=Failure").get_json()
    assert [x["id"] for x in failures] == ["soyuz-ms-10"]
    assert client.get("/api/launches?pad=nowhere").status_code == 422
    assert client.get("/api/launches?upcoming=perhaps").status_code == 422


def test_catalogue_page_lists_sites_with_hours_and_rules(client: Any) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "Museum of Cosmonautics" in page and "Tue" in page
    assert "55 days" in page


def test_healthz(client: Any) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_pages_carry_a_content_security_policy(client: Any) -> None:
    from tourplanner.web.assets import content_security_policy

    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "img-src 'self' data:;" in policy  # tiles off in tests: no other image host
    assert "https://*.tile.example.org" in content_security_policy("https://{s}.tile.example.org/{z}/{x}/{y}.png",
                                                                   None)
