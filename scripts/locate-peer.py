#!/usr/bin/env python3
"""The text locator's peer (issue 17): the PyPI package vietnamadminunits, called as a new user
would: parse_address(text) (2025 mode), and when that gives no ward, convert_address(text)
(legacy -> 2025). A row's province hint is appended as the 2025 province name ("…, Tây Ninh"),
the only way to give it one. It has no ambiguity status: a ward is `located`, anything else
`not_found`.

Usage: locate-peer.py LABELLED.csv OUT.csv  (run from the repository root, inside a venv with
vietnamadminunits==1.0.4). Prints texts/s of the locating loop; writes id,status,commune,….
Used by scripts/bench-locate-peer and `geoq bench locate --peer-python`.
"""
import csv, sys, time
from vietnamadminunits import parse_address, convert_address
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
names = {}
with open('regions/vn-admin-codes/units_2025.csv', encoding='utf-8') as f:
    for r in csv.DictReader(f): names[r['province_code']] = r['province_short']
def one(text):
    for f in (parse_address, convert_address):
        try:
            a = f(text)
            if a is not None and a.ward_code: return a.ward_code
        except Exception:
            pass
    return None
out = csv.writer(open(sys.argv[2], 'w', encoding='utf-8', newline=''), lineterminator='\n')
out.writerow(['id', 'status', 'commune', 'candidates', 'confidence', 'matched'])
start = time.perf_counter()
results = []
for r in rows:
    text = r['text'] + (', ' + names[r['province']] if r['province'] in names else '')
    results.append((r['id'], one(text)))
seconds = time.perf_counter() - start
for i, code in results: out.writerow([i, 'located' if code else 'not_found', code or '', '', '', ''])
print(f"{len(rows) / seconds:.1f}")
