#!/usr/bin/env python3
"""An independent implementation of prakerja-draw/1, written from SELECTION.md alone.

Reads a selection file (or a draw request) and prints the selection file it computes, as JSON,
so tests can compare it with `prakerja selection draw` and `prakerja selection verify`.
Usage: redraw.py FILE [--trace]
"""
import hashlib
import json
import sys

ALGORITHM = "prakerja-draw/1"


def draw_seed(platform_seed_hex, public_value):
    data = ALGORITHM.encode() + b"\x00" + bytes.fromhex(platform_seed_hex) + b"\x00" + public_value.encode("utf-8")
    return hashlib.sha256(data).digest()


def entry_list_hash(entries):
    h = hashlib.sha256()
    for e in entries:
        h.update(f"{e['id']}\t{e['group']}\t{1 if e['priority'] else 0}\t{e['household']}\n".encode("utf-8"))
    return h.hexdigest()


def draw(request):
    seed = draw_seed(request["platform_seed"], request["public_value"])
    entries = request["entries"]
    quota = request["quota"]
    cap = request.get("family_card_cap")
    recipients = dict(request.get("prior_recipients") or {})
    tickets = [hashlib.sha256(seed + e["id"].encode("utf-8")).digest() for e in entries]
    order = sorted(range(len(entries)), key=lambda i: (tickets[i], entries[i]["id"].encode("utf-8")))
    outcome = [None] * len(entries)
    reserved_rank = [None] * len(entries)
    rank = [0] * len(entries)
    total = 0

    def full(i):
        return cap is not None and recipients.get(entries[i]["household"], 0) >= cap

    given, r = 0, 0
    for i in order:
        if not entries[i]["priority"]:
            continue
        r += 1
        reserved_rank[i] = r
        if given >= quota["reserved"] or total >= quota["total"]:
            continue
        if full(i):
            outcome[i] = "capped"
            continue
        outcome[i] = "selected_reserved"
        recipients[entries[i]["household"]] = recipients.get(entries[i]["household"], 0) + 1
        given += 1
        total += 1

    group_rank, group_given = {}, {}
    for i in order:
        g = entries[i]["group"]
        group_rank[g] = group_rank.get(g, 0) + 1
        rank[i] = group_rank[g]
        if outcome[i] is not None:
            continue
        if group_given.get(g, 0) >= quota["groups"].get(g, 0) or total >= quota["total"]:
            outcome[i] = "not_selected"
            continue
        if full(i):
            outcome[i] = "capped"
            continue
        outcome[i] = "selected"
        recipients[entries[i]["household"]] = recipients.get(entries[i]["household"], 0) + 1
        group_given[g] = group_given.get(g, 0) + 1
        total += 1

    results = []
    for i, e in enumerate(entries):
        item = {"id": e["id"], "group": e["group"], "priority": e["priority"], "household": e["household"],
                "rank": rank[i], "outcome": outcome[i]}
        if reserved_rank[i] is not None:
            item["reserved_rank"] = reserved_rank[i]
        results.append(item)
    return seed, tickets, order, results


def main():
    request = json.load(open(sys.argv[1]))
    seed, tickets, order, results = draw(request)
    if "--trace" in sys.argv:
        print("draw seed", seed.hex())
        for i in order:
            print(request["entries"][i]["id"], tickets[i].hex())
        return
    out = {
        "algorithm": ALGORITHM,
        "wave": request["wave"],
        "commitment": hashlib.sha256(bytes.fromhex(request["platform_seed"])).hexdigest(),
        "platform_seed": request["platform_seed"],
        "public_source": request["public_source"],
        "public_value": request["public_value"],
        "entry_list_hash": entry_list_hash(request["entries"]),
        "quota": request["quota"],
        "family_card_cap": request.get("family_card_cap"),
        "prior_recipients": request.get("prior_recipients") or {},
        "removed_at_recheck": request.get("removed_at_recheck") or {},
        "entries": results,
    }
    if out["family_card_cap"] is None:
        del out["family_card_cap"]
    json.dump(out, sys.stdout, sort_keys=True, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
