"""The console's outline map is built from TopoJSON the same way every time: arcs decoded,
simplified without moving their ends (so neighbours keep one border), rings closed."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
import console_map  # noqa: E402

SQUARE = {"type": "Topology", "transform": {"scale": [0.5, 0.5], "translate": [100, 20]},
          # 0: the border the two share; 1 and 2: the rest of each one's outline
          "arcs": [[[10, 0], [0, 10]],
                   [[10, 10], [-10, 0], [0, -10], [10, 0]],
                   [[10, 0], [10, 0], [0, 10], [-10, 0]]],
          "objects": {"chn": {"type": "GeometryCollection", "geometries": [
              {"type": "Polygon", "id": "CN.SH", "properties": {"name": "Shanghai"},
               "arcs": [[0, 1]]},
              {"type": "Polygon", "id": "CN.JS", "properties": {"name": "Jiangsu"},
               "arcs": [[-1, 2]]}]}}}


def test_quantised_arcs_are_decoded_to_degrees():
    assert console_map.decode_arcs(SQUARE)[1] == [(105, 25), (100, 25), (100, 20), (105, 20)]


def test_simplifying_keeps_the_ends_and_drops_points_within_the_tolerance():
    line = [(0, 0), (1, 0.001), (2, 0), (3, 5), (4, 0)]
    assert console_map.simplify(line, tolerance=0.01) == [(0, 0), (2, 0), (3, 5), (4, 0)]


def test_two_provinces_share_the_border_they_were_given():
    features = list(console_map.features(SQUARE, "chn", lambda shape: shape["id"]))
    (shanghai, west), (jiangsu, east) = features
    assert (shanghai, jiangsu) == ("CN.SH", "CN.JS")
    assert west["coordinates"] == [[[105, 20], [105, 25], [100, 25], [100, 20], [105, 20]]]
    assert east["coordinates"] == [[[105, 25], [105, 20], [110, 20], [110, 25], [105, 25]]]
