"""Writes a CSV list of N real-shaped NIKs (valid district codes, dates and serials) with a name
column, for the list-import benchmark. Deterministic for a given seed.

usage: python3 bench/make_list.py ROWS OUT.csv [SEED]
"""
import csv
import random
import sys

rows, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 2020)
with open("Sources/Application/Resources/Wilayah/districts.csv") as f:
    districts = [line.split(",")[0] for line in f.read().splitlines()[1:]]
seen = set()
with open(out, "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["nama", "nik"])
    while len(seen) < rows:
        day = rng.randint(1, 28) + (40 if rng.random() < 0.5 else 0)
        nik = f"{rng.choice(districts)}{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99):02d}{rng.randint(1, 9999):04d}"
        if nik in seen:
            continue
        seen.add(nik)
        writer.writerow([f"Peserta {len(seen)}", nik])
