"""Real-data camera coverage reference: OpenStreetMap surveillance nodes (US West) against the
San Francisco incidents of 11-31 July 2017, computed with shapely.

Writes Tests/GeoIncidentsTests/Fixtures/cameras/sf_osm_coverage.json. Every OSM node (no
direction recorded) is taken as seeing all round with a 50 m range: its view is the 32-gon
the GeoIncidents sector code builds for fov 360 (arc points at compass angles
-180 + 360 k/32 degrees, x = cx + r sin a, y = cy + r cos a), in EPSG:32610 (UTM 10N), with
points projected by pyproj. An incident is covered when a view covers it (boundary
inclusive: STRtree query with predicate "intersects"). Incidents without coordinates or
outside California's box are left out, as GeoIncidents's test does.

Produced with: Python 3.11.7, numpy 2.4.6, pandas, shapely 2.2.0, pyproj 3.7.2.
Rerun from the repo root:  /tmp/peervenv/bin/python scripts/reference/make_sf_coverage_fixture.py
"""
import json, os

import numpy as np
import pandas as pd
import pyproj
import shapely

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.abspath(os.path.join(ROOT, "..", "shared", "data"))
OUT = os.path.join(ROOT, "Tests", "GeoIncidentsTests", "Fixtures", "cameras", "sf_osm_coverage.json")
R, SEG, CRS = 50.0, 32, "EPSG:32610"

sf = pd.read_csv(os.path.join(DATA, "crime-sf-2017-07", "sf_incidents_2017-07-11_to_31.csv"))
sf = sf[(sf["X"] > -125) & (sf["X"] < -120) & (sf["Y"] > 36) & (sf["Y"] < 39)]
with open(os.path.join(DATA, "cctv-osm-us-west", "surveillance_nodes_us_west.geojson")) as f:
    nodes = json.load(f)["features"]
lon = np.array([n["geometry"]["coordinates"][0] for n in nodes])
lat = np.array([n["geometry"]["coordinates"][1] for n in nodes])
tr = pyproj.Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
cx, cy = tr.transform(lon, lat)
k = np.arange(SEG + 1) / SEG
ang = np.radians(0 - 360 / 2 + 360 * k)
xs = cx[:, None] + R * np.sin(ang)[None, :]
ys = cy[:, None] + R * np.cos(ang)[None, :]
xs[:, -1], ys[:, -1] = xs[:, 0], ys[:, 0]
views = shapely.polygons(np.stack([xs, ys], axis=-1))
px, py = tr.transform(sf["X"].to_numpy(), sf["Y"].to_numpy())
tree = shapely.STRtree(views)
idx, _ = tree.query(shapely.points(px, py), predicate="intersects")
covered = np.unique(idx)
near_sf = int(((lon > -122.52) & (lon < -122.35) & (lat > 37.70) & (lat < 37.84)).sum())
result = {"incidents": int(len(sf)), "cameras": len(nodes), "cameras_in_san_francisco_box": near_sf, "range_m": R,
          "crs": CRS, "covered": int(len(covered)), "covered_ids": sorted(int(i) for i in sf["IncidntNum"].to_numpy()[covered])[:50],
          "versions": {"numpy": np.__version__, "pandas": pd.__version__, "shapely": shapely.__version__, "pyproj": pyproj.__version__}}
with open(OUT, "w") as f:
    json.dump(result, f, indent=1)
print(result["incidents"], "incidents;", result["covered"], "covered by", len(nodes), "OSM cameras (", near_sf, "in SF )")
