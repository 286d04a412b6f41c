"""Shared by the check scripts: runs `alliances serve` on a fresh SQLite database with the
demo data, on a free loopback port, and stops it afterwards.

    with DemoServer(binary) as server:
        urllib.request.urlopen(server.base + "/health")
"""
import contextlib, http.cookiejar, os, re, signal, socket, sqlite3, subprocess, tempfile, time, urllib.parse, urllib.request


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

    def api_token(self, email, password, scope="lecture-ecriture"):
        """A personal API token of that account, made on "Mon compte" as a person would
        (signing in through the form, then "Créer un jeton")."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

        def post(path, fields, page):
            csrf = re.search(r'name="_csrf" value="([^"]+)"', opener.open(self.base + page).read().decode()).group(1)
            return opener.open(urllib.request.Request(self.base + path, urllib.parse.urlencode(fields + [("_csrf", csrf)]).encode(),
                                                      {"Content-Type": "application/x-www-form-urlencoded"})).read().decode()

        post("/connexion", [("email", email), ("password", password)], "/connexion")
        made = post("/compte/jetons", [("token_name", f"Contrôle {scope}"), ("token_scope", scope), ("token_days", "30")], "/compte")
        return re.search(r"alt_[A-Za-z0-9_-]{43}", made).group(0)

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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """`alliances serve` on a given SQLite file, or on PostgreSQL when `url` is given
    (`DATABASE_URL`), on a free port, its log beside the database; ready once `/ready`
    answers. For the checks that kill it, start several on one database, or restart it."""

    def __init__(self, binary, database, data, url=None, args=()):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(f"{database}.{self.port}.log", "ab")
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        if url:
            env["DATABASE_URL"] = url
        self.process = subprocess.Popen(
            [binary, "serve", "--database", database, "--data-dir", data, "--port", str(self.port)] + list(args),
            stdout=subprocess.DEVNULL, stderr=self.log, env=env)
        for _ in range(900):
            try:
                urllib.request.urlopen(self.base + "/ready", timeout=2)
                return
            except Exception:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.log.close()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@contextlib.contextmanager
def postgres_instances(binary, work, url, name, count=2, args=("--no-request-log",)):
    """A database of its own on the PostgreSQL server of `url` (dropped afterwards) and
    `count` app instances on it: yields (its URL, the servers)."""
    admin = url.replace("tlsmode=", "sslmode=")
    subprocess.run(["psql", admin, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    own = re.sub(r"/[A-Za-z0-9_]+(\?|$)", f"/{name}\\1", url, count=1)
    servers = []
    try:
        for n in range(count):
            servers.append(AppServer(binary, os.path.join(work, f"pg-{n + 1}.sqlite"), os.path.join(work, "data-pg"), own, list(args)))
        yield own, servers
    finally:
        for server in servers:
            server.stop()
        subprocess.run(["psql", admin, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)
