"""A real SMTP server for the SMTP transport test (aiosmtpd).

Listens on 127.0.0.1 on a free port, accepts AUTH PLAIN/LOGIN for one user, and writes each
message it receives as JSON (envelope, whether the session was encrypted, raw content) into a
folder. Prints `PORT <n>` once it listens and runs until killed.

usage: python3 smtp_sink.py OUTPUT_DIR USER PASSWORD [PORT [DELAY_MS [TLS CERT KEY]]]

DELAY_MS makes each message take that long to accept, to catch a sender mid-delivery.
TLS is `none` (plain, AUTH allowed without TLS), `starttls` (STARTTLS required before MAIL and
AUTH) or `implicit` (TLS from the first byte, as on port 465), with the certificate and key.
"""
import asyncio
import json
import os
import signal
import socket
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, folder, delay):
        self.folder = folder
        self.delay = delay
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.count += 1
        path = os.path.join(self.folder, f"{self.count:04d}.json")
        with open(path + ".tmp", "w") as out:
            json.dump({
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "authenticated": session.authenticated,
                "encrypted": session.ssl is not None
                or server.transport.get_extra_info("ssl_object") is not None,
                "content": envelope.original_content.decode("utf-8", "replace"),
            }, out)
        os.rename(path + ".tmp", path)
        return "250 Message accepted for delivery"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False)
    return check


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    folder, user, password = sys.argv[1:4]
    os.makedirs(folder, exist_ok=True)
    port = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] != "0" else free_port()
    delay = int(sys.argv[5]) / 1000 if len(sys.argv) > 5 else 0
    mode = sys.argv[6] if len(sys.argv) > 6 else "none"
    options = {"auth_require_tls": False}
    if mode != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(sys.argv[7], sys.argv[8])
        if mode == "starttls":
            options = {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
        else:
            # aiosmtpd only counts STARTTLS as TLS for AUTH; here every byte is encrypted.
            options = {"ssl_context": context, "auth_require_tls": False}
    controller = Controller(
        Sink(folder, delay), hostname="127.0.0.1", port=port,
        authenticator=authenticator(user, password), **options)
    controller.start()
    print(f"PORT {port}", flush=True)
    loop = asyncio.new_event_loop()
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.add_signal_handler(signal.SIGINT, loop.stop)
    try:
        loop.run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
