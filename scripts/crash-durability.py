#!/usr/bin/env python3
"""Crash durability: SIGKILL bounced under load, restart it on the same database, and check that
every message it acknowledged with 250 is stored and applied (an event for its recipient), then
PRAGMA integrity_check. Prints acknowledged / found / lost.

Usage: scripts/crash-durability.py [BINARY] [--rounds 20] [--clients 8] [--seconds 2]
BINARY defaults to target/release/bounced. Loopback only; every loop is bounded.
"""

import argparse
import os
import random
import signal
import socket
import sqlite3
import sys
import tempfile
import threading
import time

from bounced_daemon import free_port, start


def reply(f):
    while True:
        line = f.readline()
        if not line:
            raise OSError("closed")
        if line[3:4] != b"-":
            return line


def dsn(rcpt, mid):
    return (
        "From: MAILER-DAEMON@remote.test\r\nTo: bounces@bounce.test\r\n"
        f"Subject: Undelivered\r\nMessage-ID: <{mid}@remote.test>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n"
        "--B\r\nContent-Type: text/plain\r\n\r\nFailed.\r\n\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; remote.test\r\n\r\n"
        f"Final-Recipient: rfc822; {rcpt}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n--B--\r\n.\r\n"
    ).encode()


def client(port, tag, stop, acked, lock):
    n = 0
    while not stop.is_set() and n < 100_000:
        try:
            c = socket.create_connection(("127.0.0.1", port), timeout=10)
            f = c.makefile("rb")
            reply(f)
            c.sendall(b"EHLO load\r\n")
            reply(f)
            while not stop.is_set() and n < 100_000:
                n += 1
                rcpt = f"{tag}-{n}@example.com"
                c.sendall(b"MAIL FROM:<>\r\nRCPT TO:<b@bounce.test>\r\nDATA\r\n")
                for _ in range(3):
                    last = reply(f)
                if not last.startswith(b"354"):
                    continue
                c.sendall(dsn(rcpt, f"{tag}-{n}"))
                if reply(f).startswith(b"250"):
                    with lock:
                        acked.append(rcpt)
        except OSError:
            time.sleep(0.05)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary", nargs="?", default="target/release/bounced")
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--seconds", type=float, default=2.0)
    a = p.parse_args()
    acked, lock = [], threading.Lock()
    with tempfile.TemporaryDirectory() as work:
        port = free_port()
        for r in range(a.rounds):
            proc = start(a.binary, work, port)
            stop = threading.Event()
            threads = [
                threading.Thread(target=client, args=(port, f"r{r}c{i}", stop, acked, lock))
                for i in range(a.clients)
            ]
            for t in threads:
                t.start()
            time.sleep(a.seconds * random.uniform(0.5, 1.5))
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            stop.set()
            for t in threads:
                t.join(timeout=30)
        db = sqlite3.connect(os.path.join(work, "bounced.db"))
        found = {row[0] for row in db.execute("SELECT DISTINCT email FROM events")}
        lost = [r for r in acked if r not in found]
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        messages = db.execute("SELECT count(*) FROM messages").fetchone()[0]
        print(
            f"{a.rounds} rounds of SIGKILL under load ({a.clients} clients): "
            f"acknowledged {len(acked)}, found {len(acked) - len(lost)}, lost {len(lost)}; "
            f"{messages} messages stored; integrity_check {integrity}"
        )
        if lost:
            print("lost, first ones:", lost[:5])
        sys.exit(1 if lost or integrity != "ok" else 0)


if __name__ == "__main__":
    main()
