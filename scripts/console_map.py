"""Turns Natural Earth TopoJSON into the console's outline map of China: GeoJSON in degrees,
simplified (Douglas-Peucker on each shared arc, so neighbouring provinces keep one common
border) and rounded, so that the same sources always give the same file."""

TOLERANCE = 0.02     # degrees, about 2 km: under a pixel when the whole country is on screen
DIGITS = 3
# China (with Taiwan, Hong Kong and Macao, which Natural Earth keeps as separate admin-0 units)
CHINA = {"156", "158", "344", "446"}
# Neighbours drawn faintly for context: any country reaching into this box (degrees)
AROUND = (60.0, 5.0, 150.0, 58.0)


def decode_arcs(topology):
    """Every arc as a list of (lon, lat), undoing the quantisation and delta encoding."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([tuple(point[:2]) for point in arc])
            continue
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for point in arc:
            x, y = x + point[0], y + point[1]
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def simplify(points, tolerance=TOLERANCE):
    """Douglas-Peucker, iteratively; the two ends always stay."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            px, py = points[index]
            if length2 == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / length2 ** 0.5
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep) if kept]


def _ring(indexes, arcs):
    ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    rounded = []
    for lon, lat in ring:
        point = [round(lon, DIGITS), round(lat, DIGITS)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    return rounded if len(rounded) >= 4 else None


def _polygon(rings, arcs):
    built = [_ring(ring, arcs) for ring in rings]
    if built[0] is None:      # the outer ring shrank to nothing: a speck of an island
        return None
    return [built[0]] + [ring for ring in built[1:] if ring is not None]


def geometry(shape, arcs):
    if shape["type"] == "Polygon":
        polygons = [_polygon(shape["arcs"], arcs)]
    elif shape["type"] == "MultiPolygon":
        polygons = [_polygon(rings, arcs) for rings in shape["arcs"]]
    else:
        return None
    polygons = [polygon for polygon in polygons if polygon is not None]
    if not polygons:
        return None
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _reaches(geometry_, box):
    west, south, east, north = box
    polygons = (geometry_["coordinates"] if geometry_["type"] == "MultiPolygon"
                else [geometry_["coordinates"]])
    return any(west <= lon <= east and south <= lat <= north
               for polygon in polygons for lon, lat in polygon[0])


def features(topology, name, layer):
    arcs = [simplify(arc) for arc in decode_arcs(topology)]
    for shape in topology["objects"][name]["geometries"]:
        built = geometry(shape, arcs)
        if built is not None:
            yield layer(shape), built


def china_outlines(countries_topology, provinces_topology):
    """A FeatureCollection: `country` (China), `neighbour` (around it) and `province`."""
    collection = []

    def country(shape):
        code = str(shape.get("id"))
        return {"layer": "country" if code in CHINA else "neighbour", "id": code,
                "name": shape.get("properties", {}).get("name")}

    for properties, built in features(countries_topology, "countries", country):
        if properties["layer"] == "country" or _reaches(built, AROUND):
            collection.append({"type": "Feature", "properties": properties, "geometry": built})

    def province(shape):
        return {"layer": "province", "id": shape.get("id"),
                "name": shape.get("properties", {}).get("name")}

    for properties, built in features(provinces_topology, "chn", province):
        collection.append({"type": "Feature", "properties": properties, "geometry": built})
    order = {"neighbour": 0, "country": 1, "province": 2}
    collection.sort(key=lambda f: (order[f["properties"]["layer"]], str(f["properties"]["id"])))
    return {"type": "FeatureCollection", "features": collection}
