"""W3 (border clusters) fixtures for GeoIncidents, from the peers' bench data.

Writes into Tests/GeoIncidentsTests/Fixtures/clusters/ (paths relative to the repo root):
  w3_communes_10k.geojson   the bench communes (gen_data.py, seed 20250701) that come within
                            500 m of the convex hull of a W3 cluster of tips_10k.csv (eps 100 m,
                            min 8, EPSG:32648): every commune whose boundary can decide the
                            300 m selection; coordinates unchanged (full precision), property id
  w3_commune_of_tip_10k.csv the W1 commune of every tip of tips_10k.csv (tip_id,commune_id;
                            -1 = none), copied from gen_data's w1_assign_10k.csv
The cluster reference itself is Fixtures/hotspots/w3_clusters_coreonly_10k.csv (the peers'
artefact, identical for scikit-learn and PostGIS).

Produced with: Python 3.11.7, scikit-learn 1.9.1, shapely 2.2.0, pyproj 3.7.2, geopandas 1.2.0.
Inputs: /tmp/peerdata made by `python ../shared/bench/gen_data.py --out /tmp/peerdata --sizes 10k`.
Rerun from the repo root:  /tmp/peervenv/bin/python scripts/reference/make_w3_fixtures.py
"""
import csv, json, os

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from sklearn.cluster import DBSCAN

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Tests", "GeoIncidentsTests", "Fixtures", "clusters")
DATA = "/tmp/peerdata"
os.makedirs(OUT, exist_ok=True)

tips = pd.read_csv(os.path.join(DATA, "tips_10k.csv"), usecols=["id", "lon", "lat"])
x, y = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True).transform(tips["lon"].to_numpy(), tips["lat"].to_numpy())
labels = DBSCAN(eps=100, min_samples=8).fit(np.column_stack([x, y])).labels_
k = labels.max() + 1
assert k == 93, k
hulls = [shapely.convex_hull(shapely.multipoints(np.column_stack([x[labels == c], y[labels == c]]))) for c in range(k)]
zone = shapely.buffer(shapely.union_all(hulls), 500)

communes = gpd.read_file(os.path.join(DATA, "communes.geojson"), engine="pyogrio")
utm = communes.to_crs("EPSG:32648")
keep = communes[utm.geometry.intersects(zone).to_numpy()]
features = [{"type": "Feature", "properties": {"id": int(row["id"]), "name": str(row.get("name", row["id"]))},
             "geometry": shapely.geometry.mapping(row.geometry)} for _, row in keep.iterrows()]
with open(os.path.join(OUT, "w3_communes_10k.geojson"), "w") as f:
    json.dump({"type": "FeatureCollection", "features": features}, f, separators=(",", ":"))

assign = pd.read_csv(os.path.join(DATA, "w1_assign_10k.csv"))
with open(os.path.join(OUT, "w3_commune_of_tip_10k.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["tip_id", "commune_id"])
    for tip, commune in zip(assign["tip_id"], assign["commune_id"]):
        w.writerow([int(tip), -1 if pd.isna(commune) else int(commune)])
print(f"{len(features)} of {len(communes)} communes kept; {len(assign)} tip assignments")
