#!/usr/bin/env python3
"""A partner's client for the Prakerja partner API, on the sandbox of the embedded default.

Signs every request as PARTNERS.md describes and walks a purchase: as the demo platform it lists
a course, starts a payment for a card, authorises it with the participant's OTP; as the demo
provider it commits the redeem code, reports a session and the completion. Each signed string
and its signature are printed, to compare with your own client's.

Usage: scripts/partner-example.py --card 9360123456789012 [--base http://localhost:8080]
           [--otp-from-dev-sms] [--quiet]
Standard library only.
"""
import argparse
import hashlib
import hmac
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timezone


class Partner:
    def __init__(self, base, client_code, signing_key, verbose=True):
        self.base, self.client_code, self.key, self.verbose = base, client_code, signing_key, verbose

    def call(self, method, path, body=None, headers=None):
        data = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
        timestamp = str(int(time.time() * 1000))
        signed = self.client_code.encode() + timestamp.encode() + method.encode() + path.encode() + data
        signature = hmac.new(self.key.encode(), signed, hashlib.sha256).hexdigest()
        if self.verbose:
            print(f"  signed:    {signed.decode()}")
            print(f"  signature: {signature}")
        request = urllib.request.Request(self.base + path, data=data if body is not None else None, method=method)
        request.add_header("client_code", self.client_code)
        request.add_header("timestamp", timestamp)
        request.add_header("signature", signature)
        if body is not None:
            request.add_header("content-type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")


def get_json(base, path):
    with urllib.request.urlopen(base + path) as response:
        return json.loads(response.read())


def sms_seen(base):
    """The messages already in the local SMS box, so that an older OTP is never taken for this one."""
    return {(m.get("to"), m.get("text"), m.get("sent_at")) for m in get_json(base, "/dev/sms.json")}


def otp_from_dev_sms(base, seen, wait=10.0):
    deadline = time.time() + wait
    while time.time() < deadline:
        for message in get_json(base, "/dev/sms.json"):
            if (message.get("to"), message.get("text"), message.get("sent_at")) in seen:
                continue
            if "OTP" in message.get("text", ""):
                found = re.search(r"\b(\d{6})\b", message["text"].split(":")[-1])
                if found:
                    return found.group(1)
        time.sleep(0.2)
    raise SystemExit("no OTP arrived in the local SMS box")


def step(title, status, answer):
    print(f"{title}: {status}")
    print("  " + json.dumps(answer, ensure_ascii=False)[:400])
    if status >= 400:
        raise SystemExit(f"stopped: {answer.get('error', {}).get('code')}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://localhost:8080")
    parser.add_argument("--card", required=True, help="the participant's Kartu Prakerja number")
    parser.add_argument("--otp-from-dev-sms", action="store_true", help="read the OTP from /dev/sms (sandbox only)")
    parser.add_argument("--quiet", action="store_true", help="do not print signed strings")
    args = parser.parse_args()

    keys = {p["kind"]: p for p in get_json(args.base, "/dev/partners.json")}
    platform = Partner(args.base, keys["platform"]["client_code"], keys["platform"]["signing_key"], not args.quiet)
    provider = Partner(args.base, keys["provider"]["client_code"], keys["provider"]["signing_key"], not args.quiet)

    status, courses = platform.call("GET", "/api/partner/v1/courses")
    step("courses", status, courses)
    course = min((c for c in courses if c["listed"] and c["schedules"]), key=lambda c: c["price"])
    schedule = course["schedules"][-1]
    print(f"buying: {course['title']} ({course['price']} rupiah), schedule {schedule['starts_at']}")

    order = {"card_number": args.card, "course_id": course["id"], "schedule_id": schedule["id"]}
    seen = sms_seen(args.base) if args.otp_from_dev_sms else set()
    status, purchase = platform.call("POST", "/api/partner/v1/purchases", order, {"Idempotency-Key": str(uuid.uuid4())})
    step("start payment", status, purchase)

    otp = otp_from_dev_sms(args.base, seen) if args.otp_from_dev_sms else input("OTP from the participant's SMS: ").strip()
    status, purchase = platform.call("POST", f"/api/partner/v1/purchases/{purchase['id']}/authorise", {"otp": otp})
    step("authorise", status, purchase)
    code = purchase["redeem_code"]

    status, answer = provider.call("POST", f"/api/partner/v1/redemptions/{code}/commit")
    step("redeem", status, answer)
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    status, answer = provider.call(
        "POST", f"/api/partner/v1/redemptions/{code}/attendance", {"sequence": 1, "attended_at": now})
    step("attendance", status, answer)
    status, answer = provider.call(
        "POST", f"/api/partner/v1/redemptions/{code}/completion",
        {"post_test_score": 90, "certificate_number": f"SERT/{code}",
         "certificate_url": f"https://latih.example/sertifikat/{code}"})
    step("completion", status, answer)
    print("done: the participant's dashboard shows the certificate")


if __name__ == "__main__":
    sys.exit(main())
