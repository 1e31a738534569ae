"""Shared by the Python load scripts: a free loopback port, and `bounced serve` started on it
with a config of the script's own, waited for until it listens."""

import os
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(binary, workdir, port):
    """Starts bounced on 127.0.0.1:port with its database in workdir;
    the log is appended to workdir/daemon.log, so restarts keep the earlier runs' lines."""
    config = os.path.join(workdir, "bounced.toml")
    with open(config, "w") as f:
        f.write(
            f'[smtp]\nlisten = ["127.0.0.1:{port}"]\nhostname = "mx.test"\n'
            f'[store]\npath = "{workdir}/bounced.db"\n'
        )
    log = open(os.path.join(workdir, "daemon.log"), "a")
    proc = subprocess.Popen([binary, "serve", "--config", config], stderr=log)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                sys.exit(f"bounced exited with {proc.returncode}; see {log.name}")
            time.sleep(0.05)
    proc.kill()
    sys.exit("bounced did not start; see " + log.name)
