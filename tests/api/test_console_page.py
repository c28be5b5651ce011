"""The console is served by the app, self-contained, under a strict Content-Security-Policy."""
import re

import pytest


@pytest.fixture
def page(client):
    return client.get("/console/")


def test_the_console_is_one_page_served_by_the_app(page):
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    assert b'type="module"' in page.data


def test_the_console_allows_no_inline_script_and_no_other_origin(page, client):
    policy = page.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert "unsafe-inline" not in policy and "http" not in policy
    html = page.data.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert not re.search(r"\sstyle=", html) and "<style" not in html
    script = client.get("/console/static/js/app.js")
    assert script.status_code == 200
    assert script.headers["Content-Security-Policy"] == policy


def test_every_file_the_page_names_is_served_from_here(page, client):
    for url in re.findall(r'(?:src|href)="([^"]+)"', page.data.decode()):
        if url.startswith("data:"):
            continue
        assert url.startswith("/console/static/"), url
        assert client.get(url).status_code == 200, url


def test_the_map_outlines_are_served_as_geojson(client):
    outlines = client.get("/console/static/map/china.geojson")
    assert outlines.status_code == 200
    layers = {f["properties"]["layer"] for f in outlines.get_json()["features"]}
    assert layers == {"country", "neighbour", "province"}
