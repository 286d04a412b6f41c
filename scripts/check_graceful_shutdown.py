#!/usr/bin/env python3
"""Graceful shutdown under load: SIGTERM while clients hammer the server.

Starts `alliances serve` on a fresh SQLite database, runs 16 client threads that
request the directory page in a loop (bounded: 20 s or 20,000 requests, loopback
only), sends SIGTERM after 3 seconds, and checks that:
  - the server exits with status 0, within 15 seconds;
  - no response was a 5xx, and no connection was cut mid-response (every request
    either got a complete response or was refused because the listener had closed).
Usage: check_graceful_shutdown.py PATH_TO_ALLIANCES_BINARY
"""
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    binary = sys.argv[1]
    workdir = tempfile.mkdtemp(prefix="alliances-shutdown-")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    server = subprocess.Popen(
        [binary, "serve", "--database", os.path.join(workdir, "db.sqlite"), "--port", str(port)],
        stdout=open(os.path.join(workdir, "server.log"), "w"), stderr=subprocess.STDOUT, env=env)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        print("server did not start; log:", open(os.path.join(workdir, "server.log")).read())
        server.kill()
        return 1

    stats = {"ok": 0, "refused": 0, "server_errors": 0, "cut": 0}
    lock = threading.Lock()
    stop_at = time.time() + 20
    budget = [20_000]

    def client():
        conn = None
        while time.time() < stop_at:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/labs/alsace/organisations?type=association")
                response = conn.getresponse()
                response.read()
                with lock:
                    if response.status >= 500:
                        stats["server_errors"] += 1
                    else:
                        stats["ok"] += 1
            except ConnectionRefusedError:
                with lock:
                    stats["refused"] += 1
                return
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A keep-alive connection closed by the server between requests is normal
                # during shutdown: the request was never processed. Reconnect and retry.
                conn = None
                continue
            except (http.client.IncompleteRead, socket.timeout) as error:
                with lock:
                    stats["cut"] += 1
                conn = None

    threads = [threading.Thread(target=client) for _ in range(16)]
    for t in threads:
        t.start()
    time.sleep(3)
    server.send_signal(signal.SIGTERM)
    try:
        code = server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        code = "timeout"
    for t in threads:
        t.join()
    print(f"graceful shutdown: exit={code} ok={stats['ok']} refused_after_close={stats['refused']} "
          f"server_errors={stats['server_errors']} cut={stats['cut']}")
    if code != 0 or stats["server_errors"] or stats["cut"] or stats["ok"] == 0:
        print(open(os.path.join(workdir, "server.log")).read()[-4000:])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
