"""Shared by the check scripts: runs `alliances serve` on a fresh SQLite database with the
demo data, on a free loopback port, and stops it afterwards.

    with DemoServer(binary) as server:
        urllib.request.urlopen(server.base + "/health")
"""
import os, socket, subprocess, tempfile, time, urllib.request


class DemoServer:
    def __init__(self, binary, prefix="alliances-check-"):
        self.binary = binary
        self.work = tempfile.mkdtemp(prefix=prefix)
        sock = socket.socket(); sock.bind(("127.0.0.1", 0)); self.port = sock.getsockname()[1]; sock.close()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen([self.binary, "serve", "--database", os.path.join(self.work, "a.sqlite"), "--port", str(self.port),
                                         "--data-dir", os.path.join(self.work, "data")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/health", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        return False
