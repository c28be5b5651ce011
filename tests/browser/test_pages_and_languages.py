"""Every page in both languages, with screenshots; the map draws its outlines and points and
opens a job; the language switch is remembered."""
import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.conftest import booking

PAGES = {
    # page -> what shows it has finished drawing
    "queue": ".counts .count",
    "map": "#map[data-jobs]",
    "followup": "[data-section=complaints] table, [data-section=complaints] p.empty",
    "hotline": ".picker-map .leaflet-overlay-pane path",
    "reports": ".reports-body[data-drawn] [data-section=service-types] canvas[data-points]",
}


@pytest.fixture
def network(make, client):
    shanghai = make.point(name="People's Square Service", kind="branch")
    make.point(name="Beijing Agent", kind="agent", lat=39.9042, lon=116.4074)
    make.technician(shanghai, name="Li Wei")
    customer = make.customer(name="Wang Fang")
    jobs = [client.post("/api/v1/jobs", json=booking(**overrides), headers=make.headers(customer))
            .get_json() for overrides in ({}, {"location": {"lat": 36.0, "lon": 88.0}})]
    return {"dispatcher": make.dispatcher(), "jobs": jobs}


def test_the_map_draws_the_outlines_the_points_and_the_open_jobs(console, network):
    console.sign_in(network["dispatcher"])
    console.find("header.topbar")
    console.go("map")
    canvas = console.find("#map[data-jobs]")
    assert int(canvas.get_attribute("data-outlines")) > 60
    assert len(console.driver.find_elements("css selector", "path.outline-province")) >= 31
    assert len(console.driver.find_elements("css selector", "path.point")) == 2
    assert len(console.driver.find_elements("css selector", "path.job")) == 2
    console.click("path.job-pending")
    console.text_in(".page-head", "Wang Fang")
    assert "#/job/" + network["jobs"][1]["id"] in console.driver.current_url


def test_every_page_reads_in_both_languages_and_the_choice_is_remembered(console, network):
    console.sign_in(network["dispatcher"])
    console.find("header.topbar")
    for language, queue_word in (("zh-CN", "工单队列"), ("en", "Queue")):
        console.language(language)
        console.text_in("nav a[data-page=queue]", queue_word)
        for page, ready in PAGES.items():
            console.go(page)
            console.find(ready)
            console.shoot(f"{page}-{language}")
        console.go(f"job/{network['jobs'][0]['id']}")
        console.find(".timeline .event")
        console.shoot(f"job-{language}")
    console.driver.refresh()
    console.text_in("nav a[data-page=queue]", "Queue")                  # still English
    assert console.errors() == []
    assert {f"{page}-{language}.png" for page in [*PAGES, "job"] for language in ("zh-CN", "en")} <= {
        path.name for path in SCREENSHOTS.iterdir()}
