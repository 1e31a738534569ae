#!/usr/bin/env python3
"""Hostile load against a fresh bounced on loopback (issue 11), printing the figures:

1. N idle connections from other loopback addresses (127.0.0.2 ...), then a client from
   127.0.0.1: how many were greeted / refused, its time to the banner and to the 250.
2. T connections from other addresses trickling a byte every 5 s into a command line, while a
   client from 127.0.0.1 tries to deliver once a second.
3. M concurrent messages of S bytes (no SIZE=): replies (250 / 452) and the daemon's peak and
   final RSS against smtp.memory_budget.

Usage: scripts/hostile-load.py [BINARY] [--idle N] [--trickle T] [--trickle-seconds S]
                               [--messages M] [--size BYTES]
BINARY defaults to target/release/bounced. Loopback only; every loop is bounded.
"""

import argparse
import socket
import tempfile
import threading
import time

from bounced_daemon import free_port, start


def rss_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def read_reply(f):
    """One SMTP reply (multi-line aware); returns its last line."""
    while True:
        line = f.readline()
        if not line or line[3:4] != b"-":
            return line.decode(errors="replace").strip()


def idle_flood(binary, n):
    with tempfile.TemporaryDirectory() as work:
        port = free_port()
        proc = start(binary, work, port)
        held, greeted, refused = [], 0, 0
        started = time.time()
        for i in range(n):
            source = f"127.0.{(i // 10) // 250}.{2 + (i // 10) % 250}"
            s = socket.socket()
            s.settimeout(10)
            s.bind((source, 0))
            try:
                s.connect(("127.0.0.1", port))
                line = s.makefile("rb").readline()
            except OSError:
                line = b""
            if line.startswith(b"220"):
                greeted += 1
            else:
                refused += 1
            held.append(s)
        flood_secs = time.time() - started
        t0 = time.time()
        c = socket.create_connection(("127.0.0.1", port), timeout=10)
        f = c.makefile("rb")
        banner = read_reply(f)
        t_banner = time.time() - t0
        body = (
            "From: MAILER-DAEMON@remote.test\r\nSubject: Undelivered\r\n"
            "Content-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n"
            "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
            "Reporting-MTA: dns; remote.test\r\n\r\nFinal-Recipient: rfc822; gone@example.com\r\n"
            "Action: failed\r\nStatus: 5.1.1\r\n\r\n--B--\r\n.\r\n"
        )
        replies = []
        for cmd in ["EHLO me", "MAIL FROM:<>", "RCPT TO:<b@bounce.test>", "DATA"]:
            c.sendall(cmd.encode() + b"\r\n")
            replies.append(read_reply(f))
        c.sendall(body.encode())
        replies.append(read_reply(f))
        t_delivered = time.time() - t0
        # A session told to make room has a 421 waiting (or is closed); a held one has nothing.
        still_open = 0
        for s in held:
            s.setblocking(False)
            try:
                s.recv(4096)
            except BlockingIOError:
                still_open += 1
            except OSError:
                pass
            s.close()
        proc.terminate()
        proc.wait(timeout=60)
        print(f"idle flood: {n} connections from {(n + 9) // 10} addresses in {flood_secs:.1f} s: "
              f"{greeted} greeted, {refused} refused; {still_open} still held at the end")
        print(f"  client from 127.0.0.1: banner {banner[:40]!r} after {t_banner * 1000:.0f} ms, "
              f"final reply {replies[-1][:30]!r} after {t_delivered * 1000:.0f} ms")


def trickle_flood(binary, n, seconds):
    """N connections from other addresses each sending one byte every 5 s inside a command
    line (never finishing it), for `seconds`; a client from 127.0.0.1 tries every second."""
    with tempfile.TemporaryDirectory() as work:
        port = free_port()
        proc = start(binary, work, port)
        stop = threading.Event()
        greeted = [0]
        lock = threading.Lock()

        def trickler(i):
            source = f"127.0.{(i // 10) // 250}.{2 + (i // 10) % 250}"
            while not stop.is_set():
                try:
                    s = socket.socket()
                    s.settimeout(10)
                    s.bind((source, 0))
                    s.connect(("127.0.0.1", port))
                    if s.makefile("rb").readline().startswith(b"220"):
                        with lock:
                            greeted[0] += 1
                    while not stop.is_set():
                        s.sendall(b"N")
                        stop.wait(5)
                except OSError:
                    stop.wait(0.5)
                finally:
                    s.close()

        threads = [threading.Thread(target=trickler, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        time.sleep(2)
        tries, delivered, worst = 0, 0, 0.0
        deadline = time.time() + seconds
        while time.time() < deadline:
            tries += 1
            t0 = time.time()
            try:
                c = socket.create_connection(("127.0.0.1", port), timeout=10)
                f = c.makefile("rb")
                if read_reply(f).startswith("220"):
                    for cmd in ["EHLO me", "MAIL FROM:<>", "RCPT TO:<b@bounce.test>", "DATA"]:
                        c.sendall(cmd.encode() + b"\r\n")
                        read_reply(f)
                    c.sendall(b"Subject: t\r\n\r\nx\r\n.\r\n")
                    if read_reply(f).startswith("250"):
                        delivered += 1
                        worst = max(worst, time.time() - t0)
                c.close()
            except OSError:
                pass
            time.sleep(1)
        stop.set()
        for t in threads:
            t.join(timeout=20)
        proc.terminate()
        proc.wait(timeout=60)
        print(f"trickle flood: {n} connections from {(n + 9) // 10} addresses, a byte every 5 s "
              f"inside a command line, for {seconds} s ({greeted[0]} greetings in all): a client "
              f"from 127.0.0.1 delivered {delivered} of {tries} tries, slowest {worst * 1000:.0f} ms")


def big_messages(binary, m, size):
    with tempfile.TemporaryDirectory() as work:
        port = free_port()
        proc = start(binary, work, port)
        results = []
        lock = threading.Lock()

        def one(i):
            try:
                c = socket.create_connection(("127.0.0.1", port), timeout=120)
                f = c.makefile("rb")
                read_reply(f)
                for cmd in ["EHLO me", "MAIL FROM:<>", "RCPT TO:<b@bounce.test>"]:
                    c.sendall(cmd.encode() + b"\r\n")
                    read_reply(f)
                c.sendall(b"DATA\r\n")
                r = read_reply(f)
                if r.startswith("354"):
                    line = (f"message {i} " + "x" * 70 + "\r\n").encode()
                    body = b"Subject: big\r\n\r\n" + line * (size // len(line))
                    c.sendall(body + b"\r\n.\r\n")
                    r = read_reply(f)
                c.close()
            except OSError as e:
                r = f"error {e}"
            with lock:
                results.append(r[:9])

        peak = [0]
        done = threading.Event()

        def watch():
            while not done.is_set():
                peak[0] = max(peak[0], rss_kb(proc.pid, "VmRSS"))
                time.sleep(0.05)

        w = threading.Thread(target=watch)
        w.start()
        threads = [threading.Thread(target=one, args=(i,)) for i in range(m)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        time.sleep(2)
        done.set()
        w.join()
        hwm = rss_kb(proc.pid, "VmHWM")
        final = rss_kb(proc.pid, "VmRSS")
        proc.terminate()
        proc.wait(timeout=60)
        counts = {r: results.count(r) for r in sorted(set(results))}
        print(f"big messages: {m} x {size} bytes at once: replies {counts}")
        print(f"  RSS peak {max(hwm, peak[0]) / 1024:.0f} MB (VmHWM), {final / 1024:.0f} MB two seconds "
              f"after the last reply; memory_budget 256 MiB")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary", nargs="?", default="target/release/bounced")
    p.add_argument("--idle", type=int, default=1000)
    p.add_argument("--messages", type=int, default=30)
    p.add_argument("--size", type=int, default=9_400_000)
    p.add_argument("--trickle", type=int, default=200)
    p.add_argument("--trickle-seconds", type=int, default=30)
    a = p.parse_args()
    idle_flood(a.binary, a.idle)
    trickle_flood(a.binary, a.trickle, a.trickle_seconds)
    big_messages(a.binary, a.messages, a.size)


if __name__ == "__main__":
    main()
