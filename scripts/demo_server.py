"""Shared by the check scripts: runs `alliances serve` on a fresh SQLite database with the
demo data, on a free loopback port, and stops it afterwards.

    with DemoServer(binary) as server:
        urllib.request.urlopen(server.base + "/health")
"""
import os, socket, sqlite3, subprocess, tempfile, time, urllib.request


class DemoServer:
    def __init__(self, binary, prefix="alliances-check-", args=()):
        self.binary = binary
        self.args = list(args)
        self.work = tempfile.mkdtemp(prefix=prefix)
        sock = socket.socket(); sock.bind(("127.0.0.1", 0)); self.port = sock.getsockname()[1]; sock.close()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    @property
    def log_path(self):
        """The server's standard error (its log), kept for the checks that read it."""
        return os.path.join(self.work, "server.log")

    def __enter__(self):
        self.log_file = open(self.log_path, "wb")
        self.process = subprocess.Popen([self.binary, "serve", "--database", self.database, "--port", str(self.port),
                                         "--data-dir", os.path.join(self.work, "data")] + self.args,
                                        stdout=subprocess.DEVNULL, stderr=self.log_file)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/health", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        return self

    @property
    def database(self):
        return os.path.join(self.work, "a.sqlite")

    def create_user(self, email, role, password, lab=None, organisation=None):
        """An account made with `alliances admin create-user` on the server's database."""
        command = [self.binary, "admin", "create-user", "--database", self.database, "--email", email, "--role", role]
        if lab: command += ["--lab", lab]
        if organisation: command += ["--organisation", str(organisation)]
        subprocess.run(command, input=password + "\n", text=True, check=True, capture_output=True)

    def query(self, sql, *args):
        """Rows of a read on the server's SQLite database (WAL: safe beside the server)."""
        with sqlite3.connect(self.database) as db:
            return db.execute(sql, args).fetchall()

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log_file.close()
        return False
