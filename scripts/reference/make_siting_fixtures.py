"""Exact maximal-covering references for `geoq cameras suggest` (greedy) tests.

Writes Tests/GeoIncidentsTests/Fixtures/siting/mclp_instances.json: six seeded instances in
metres (four of clustered demand points, two of uniform ones, with weights; candidate sites on a 50 m lattice, K cameras of 100 m
range seeing all round). A site covers a point when the point lies in the site's 32-gon
(the same polygon GeoIncidents uses: arc points at compass angles -180 + 360 k/32 degrees,
boundary inclusive, shapely `covers`). The exact optimum is solved with PySAL spopt's MCLP
(`MCLP.from_cost_matrix`, cost 0 when covered else 2 r; PuLP's CBC), and recorded with the
chosen sites and each instance's coverage lists.

Produced with: Python 3.11.7, numpy 2.4.6, shapely 2.2.0, spopt 0.7.0, pulp 3.3.2.
Rerun from the repo root:  /tmp/peervenv/bin/python scripts/reference/make_siting_fixtures.py
"""
import json, os

import numpy as np
import pulp
import shapely
import spopt
from spopt.locate import MCLP

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Tests", "GeoIncidentsTests", "Fixtures", "siting")
os.makedirs(OUT, exist_ok=True)
R, SEG = 100.0, 32


def gon(cx, cy):
    k = np.arange(SEG + 1) / SEG
    a = np.radians(0 - 360 / 2 + 360 * k)
    xs, ys = cx + R * np.sin(a), cy + R * np.cos(a)
    xs[-1], ys[-1] = xs[0], ys[0]
    return shapely.Polygon(np.column_stack([xs, ys]))


instances = []
# Four clustered instances, then two of uniform points (overlapping choices: harder for greedy).
for seed, (n, clusters, k) in zip([11, 12, 13, 14, 15, 16], [(300, 4, 3), (400, 6, 5), (500, 8, 6), (600, 10, 8), (400, 0, 6), (500, 0, 9)]):
    rng = np.random.default_rng(seed)
    if clusters:
        centres = rng.uniform(0, 2000, size=(clusters, 2))
        which = rng.integers(0, clusters, size=n)
        pts = centres[which] + rng.normal(0, 120, size=(n, 2))
    else:
        pts = rng.uniform(0, 700, size=(n, 2))
    pts = np.round(pts, 3)
    w = np.round(rng.uniform(0.2, 1.0, size=n), 4)
    lo, hi = np.floor(pts.min(axis=0) / 50) * 50, np.ceil(pts.max(axis=0) / 50) * 50
    gx, gy = np.meshgrid(np.arange(lo[0], hi[0] + 1, 50), np.arange(lo[1], hi[1] + 1, 50))
    sites = np.column_stack([gx.ravel(), gy.ravel()])
    polys = [gon(x, y) for x, y in sites]
    points = shapely.points(pts)
    cover = np.array([shapely.covers(p, points) for p in polys])  # sites x points
    keep = cover.any(axis=1)
    sites, cover = sites[keep], cover[keep]
    cost = np.where(cover.T, 0.0, 2 * R)  # points x sites
    model = MCLP.from_cost_matrix(cost, w, service_radius=R, p_facilities=k)
    model = model.solve(pulp.PULP_CBC_CMD(msg=False))
    chosen = [j for j in range(len(sites)) if model.fac_vars[j].value() > 0.5]
    covered = cover[chosen].any(axis=0)
    optimum = float(w[covered].sum())
    instances.append({
        "seed": seed, "k": k, "range_m": R,
        "points": pts.tolist(), "weights": w.tolist(), "sites": sites.tolist(),
        "optimum": optimum, "optimal_sites": chosen,
        "cover_lists": [np.flatnonzero(row).tolist() for row in cover],
    })
    print(f"seed {seed}: {n} points, {len(sites)} sites, k {k}: optimum {optimum:.4f}")

with open(os.path.join(OUT, "mclp_instances.json"), "w") as f:
    json.dump({"versions": {"numpy": np.__version__, "shapely": shapely.__version__, "spopt": spopt.__version__, "pulp": pulp.__version__},
               "instances": instances}, f, separators=(",", ":"))
