#!/usr/bin/env python3
"""deploy/ checked as far as this machine allows, and the operations commands end to end.

Usage: [ALLIANCES_NGINX=path] check_deploy.py ALLIANCES_BINARY [CADDY_BINARY]

- The systemd units pass `systemd-analyze verify` with no warning at all, and the service's
  exposure (`systemd-analyze security --offline=yes`) stays "OK" (at most 2.5).
- The service's own command line (ExecStart, paths moved to a temporary folder) starts the
  built binary: every option it names exists; `/ready` answers 200; the log lines are JSON
  objects, one per request with its id, route, status and duration, and none holds a
  private-link token; the scheduled backup writes its first archive at once.
- `alliances restore` puts that archive back into a new database (every table counted
  again), refuses to do it twice without --force, and `alliances migrate --dry-run` on the
  restored database lists nothing to apply; with a migration from a newer version added,
  `serve` refuses to start, says why and leaves the file as it was.
- nginx (`nginx -t`, with a throw-away certificate in place of Let's Encrypt's) and Caddy
  (`caddy validate`) accept their configuration files when they are installed; the shell
  script parses (`sh -n`); every PostgreSQL setting names a real parameter (`pg_settings`
  of the CI cluster, through ALLIANCES_TEST_POSTGRES_URL's server when psql is there).
"""
import json
import os
import pathlib
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
checks = 0
failures: list[str] = []


def ok(condition: bool, message: str) -> None:
    global checks
    checks += 1
    if not condition:
        failures.append(message)
        print(f"FAIL {message}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_units(binary: str, work: pathlib.Path) -> None:
    units = work / "units"
    units.mkdir()
    for name in ["alliances.service", "alliances-offsite.service", "alliances-offsite.timer"]:
        text = (DEPLOY / name).read_text()
        text = text.replace("/usr/local/bin/alliances", binary)
        text = text.replace("/usr/local/lib/alliances/alliances-offsite.sh", str(DEPLOY / "alliances-offsite.sh"))
        (units / name).write_text(text)
    if not shutil.which("systemd-analyze"):
        print("systemd-analyze not installed: units not verified")
        return
    result = subprocess.run(
        ["systemd-analyze", "verify", *[str(p) for p in sorted(units.iterdir())]], capture_output=True, text=True
    )
    ok(result.returncode == 0 and not (result.stdout + result.stderr).strip(), f"systemd-analyze verify: {result.stdout}{result.stderr}")
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", str(units / "alliances.service")], capture_output=True, text=True
    )
    level = re.search(r"Overall exposure level for alliances.service: ([0-9.]+)", result.stdout)
    ok(level is not None and float(level.group(1)) <= 2.5, f"service exposure: {level.group(1) if level else result.stderr}")


def exec_start(binary: str, data: pathlib.Path, port: int) -> list[str]:
    """The unit's ExecStart as argv, with its folders moved under `data`."""
    text = (DEPLOY / "alliances.service").read_text()
    line = re.search(r"^ExecStart=(.*?)(?<!\\)$", text, re.M | re.S)
    command = line.group(1).replace("\\\n", " ")
    argv = shlex.split(command)
    argv[0] = binary
    argv = [a.replace("/var/lib/alliances", str(data)) for a in argv]
    argv = [a.replace("/usr/bin/msmtp", shutil.which("true") or "/bin/true") for a in argv]
    argv[argv.index("--port") + 1] = str(port)
    return argv


def check_service(binary: str, work: pathlib.Path) -> None:
    data = work / "var-lib-alliances"
    data.mkdir()
    port = free_port()
    argv = exec_start(binary, data, port)
    ok("--backup-dir" in argv and "--log-format" in argv, "the unit takes backups and logs JSON")
    # The demo event gives the run a private link to follow (its token must not be logged).
    argv.remove("--no-demo")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "LOG_FORMAT")}
    env["ALLIANCES_TRUSTED_PROXIES"] = "127.0.0.1,::1"
    log_path = work / "server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=data)
    try:
        base = f"http://127.0.0.1:{port}"
        status = None
        for _ in range(600):
            try:
                with urllib.request.urlopen(base + "/ready", timeout=5) as response:
                    status = response.status
                    body = json.loads(response.read())
                    break
            except Exception:
                if server.poll() is not None:
                    break
                time.sleep(0.2)
        ok(status == 200 and body.get("status") == "ready", f"/ready with the unit's command line: {status}")
        secret = "Zx" * 21 + "Q"
        for path in ["/", "/evenements", f"/evenements/alliances-2027/inscription/{secret}", "/health"]:
            try:
                urllib.request.urlopen(base + path, timeout=10).read()
            except Exception:
                pass
        backups = data / "backups"
        archive = None
        for _ in range(300):
            found = sorted(backups.glob("alliances-*.tar.gz")) if backups.exists() else []
            if found:
                archive = found[0]
                break
            time.sleep(0.2)
        ok(archive is not None, "the scheduled backup wrote its first archive at start")
        metrics = urllib.request.urlopen(base + "/metrics", timeout=10).read().decode()
        ok('alliances_backups_total{result="ok"} 1' in metrics, "the backup is counted in /metrics")
        ok("alliances_backup_last_success_timestamp_seconds" in metrics, "the last backup's time is in /metrics")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    lines = log_path.read_text().splitlines()
    objects = []
    for line in lines:
        try:
            objects.append(json.loads(line))
        except ValueError:
            failures.append(f"a log line that is not JSON: {line[:200]}")
    ok(all({"time", "level", "label", "message"} <= o.keys() for o in objects), "every JSON log line has time, level, label, message")
    requests = [o for o in objects if "request_id" in o]
    ok(len(requests) >= 5, f"one log line per request ({len(requests)})")
    ok(all(re.fullmatch(r"[0-9a-f]+", o.get("request_id", "")) for o in requests), "each request line has its id")
    ok(any("/evenements/{event}/inscription/{token}" in o["message"] for o in requests), "request lines name the route's pattern")
    ok(not any(secret in line for line in lines), "no private-link token in the log")
    ok(server.returncode == 0, f"the server stopped cleanly on SIGTERM ({server.returncode})")
    if archive is None:
        return

    restored = work / "restored.sqlite"
    restored_data = work / "restored-data"
    run = subprocess.run(
        [binary, "restore", "--input", str(archive), "--database", str(restored), "--data-dir", str(restored_data)],
        capture_output=True, text=True, env=env,
    )
    ok(run.returncode == 0 and "all counts checked" in run.stdout, f"alliances restore: {run.stdout}{run.stderr}")
    again = subprocess.run(
        [binary, "restore", "--input", str(archive), "--database", str(restored)], capture_output=True, text=True, env=env
    )
    ok(again.returncode != 0 and "--force" in again.stderr, f"a second restore without --force is refused: {again.stderr}")
    dry = subprocess.run([binary, "migrate", "--dry-run", "--database", str(restored)], capture_output=True, text=True, env=env)
    ok(dry.returncode == 0 and "nothing to apply" in dry.stdout, f"migrate --dry-run: {dry.stdout}{dry.stderr}")
    # A binary older than the database refuses to start, says why, and changes nothing.
    newer = work / "newer.sqlite"
    with sqlite3.connect(restored) as source, sqlite3.connect(newer) as target:
        source.backup(target)
    with sqlite3.connect(newer) as db:
        db.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from-the-future', 0)")
    refused = subprocess.run(
        [binary, "serve", "--no-demo", "--port", str(free_port()), "--database", str(newer)],
        capture_output=True, text=True, env=env, timeout=60,
    )
    ok(refused.returncode != 0 and "a newer Alliances used this database" in refused.stderr,
       f"serve on a newer schema: {refused.returncode} {refused.stderr[-300:]}")
    with sqlite3.connect(newer) as db:
        ok(db.execute("SELECT COUNT(*) FROM schema_migrations WHERE version = 999").fetchone()[0] == 1,
           "the newer database is left as it was")
    dry = subprocess.run([binary, "migrate", "--dry-run", "--database", str(newer)], capture_output=True, text=True, env=env)
    ok(dry.returncode != 0 and "newer Alliances" in dry.stderr, f"migrate --dry-run on a newer schema: {dry.stderr}")
    manual = work / "manual.tar.gz"
    run = subprocess.run(
        [binary, "backup", "--output", str(manual), "--database", str(restored), "--data-dir", str(restored_data)],
        capture_output=True, text=True, env=env,
    )
    ok(run.returncode == 0 and manual.exists(), f"alliances backup: {run.stdout}{run.stderr}")


def check_nginx(work: pathlib.Path) -> None:
    given = os.environ.get("ALLIANCES_NGINX")
    nginx = (given if given and os.path.exists(given) else None) or shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not nginx:
        print("nginx not installed: deploy/nginx.conf not checked")
        return
    folder = work / "nginx"
    folder.mkdir()
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=alliances.example.org",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    site = (DEPLOY / "nginx.conf").read_text().replace("/etc/letsencrypt/live/alliances.example.org/", f"{folder}/")
    (folder / "site.conf").write_text(site)
    (folder / "main.conf").write_text(
        f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n client_body_temp_path {folder}/body;\n proxy_temp_path {folder}/proxy;\n"
        f" fastcgi_temp_path {folder}/fastcgi;\n uwsgi_temp_path {folder}/uwsgi;\n scgi_temp_path {folder}/scgi;\n"
        f" include {folder}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(folder / "main.conf")],
        capture_output=True, text=True,
    )
    ok(result.returncode == 0, f"nginx -t: {result.stderr}")


def check_caddy(caddy: str | None, work: pathlib.Path) -> None:
    if not caddy:
        print("caddy not installed: deploy/Caddyfile not checked")
        return
    env = dict(os.environ, XDG_DATA_HOME=str(work / "caddy-data"), XDG_CONFIG_HOME=str(work / "caddy-config"), HOME=str(work))
    result = subprocess.run(
        [caddy, "validate", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"],
        capture_output=True, text=True, env=env,
    )
    ok(result.returncode == 0 and "Valid configuration" in result.stdout + result.stderr, f"caddy validate: {result.stderr[-800:]}")
    formatted = subprocess.run([caddy, "fmt", str(DEPLOY / "Caddyfile")], capture_output=True, text=True, env=env)
    ok(formatted.stdout == (DEPLOY / "Caddyfile").read_text(), "deploy/Caddyfile is as caddy fmt writes it")


def check_scripts_and_settings() -> None:
    result = subprocess.run(["sh", "-n", str(DEPLOY / "alliances-offsite.sh")], capture_output=True, text=True)
    ok(result.returncode == 0, f"sh -n alliances-offsite.sh: {result.stderr}")
    names = [
        line.split("=")[0].strip()
        for line in (DEPLOY / "postgresql.conf").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    url = os.environ.get("ALLIANCES_TEST_POSTGRES_URL", "").replace("?tlsmode=disable", "?sslmode=disable")
    psql = shutil.which("psql")
    if not (url and psql):
        print("no PostgreSQL to ask: deploy/postgresql.conf not checked")
        return
    query = "SELECT name FROM pg_settings WHERE name IN (" + ",".join(f"'{n}'" for n in names) + ")"
    result = subprocess.run([psql, url, "-Atc", query], capture_output=True, text=True)
    known = set(result.stdout.split())
    ok(result.returncode == 0 and set(names) <= known, f"unknown PostgreSQL settings: {sorted(set(names) - known)} {result.stderr}")


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary = str(pathlib.Path(sys.argv[1]).resolve())
    caddy = sys.argv[2] if len(sys.argv) > 2 and os.path.exists(sys.argv[2]) else None
    with tempfile.TemporaryDirectory(prefix="alliances-deploy-") as folder:
        work = pathlib.Path(folder)
        check_units(binary, work)
        check_service(binary, work)
        check_nginx(work)
        check_caddy(caddy, work)
        check_scripts_and_settings()
    print(f"deploy: {checks - len(failures)} of {checks} checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
