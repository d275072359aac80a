"""Signs an operator in (password and TOTP code) on a running server and prints the token.

Usage: operator_session.py BASE_URL USERNAME PASSWORD TOTP_SECRET_BASE32
"""
import base64
import hashlib
import hmac
import json
import struct
import sys
import time
import urllib.request

base, username, password, secret = sys.argv[1:5]
key = base64.b32decode(secret + "=" * ((8 - len(secret) % 8) % 8))
digest = hmac.new(key, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
offset = digest[-1] & 15
code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
request = urllib.request.Request(
    base.rstrip("/") + "/api/v1/operator/sessions",
    data=json.dumps({"username": username, "password": password, "code": f"{code:06d}"}).encode(),
    headers={"Content-Type": "application/json"}, method="POST")
with urllib.request.urlopen(request) as response:
    print(json.loads(response.read())["token"])
