#!/usr/bin/env python3
"""The API contract: `/api/openapi.json` validated by openapi-spec-validator, then
schemathesis against the live server (fresh SQLite database with the demo data), logged in
as the network's admin through a read-write API token (writes included), a bounded number of examples per operation: no server error, no
status, content type or body outside the document.

Usage: check_api.py PATH_TO_ALLIANCES_BINARY [EXAMPLES]   (run with a Python that has
schemathesis and openapi-spec-validator)
"""
import http.cookiejar, json, os, re, subprocess, sys, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server import DemoServer
from openapi_spec_validator import validate

binary = sys.argv[1]
examples = sys.argv[2] if len(sys.argv) > 2 else "15"
PASSWORD = "mot-de-passe-api"
failed = 0

# The per-token limit is raised: schemathesis sends thousands of requests a minute on one token.
with DemoServer(binary, prefix="alliances-api-", args=["--api-requests-per-minute", "1000000"]) as server:
    document = json.load(urllib.request.urlopen(server.base + "/api/openapi.json"))
    try:
        validate(document)
        print(f"pass: /api/openapi.json is a valid OpenAPI {document['openapi']} document ({sum(len(p) for p in document['paths'].values())} operations)")
    except Exception as error:
        failed += 1
        print(f"FAIL: /api/openapi.json: {error}")
    server.create_user("api@reseau.example", "admin", PASSWORD)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(server.base + "/connexion").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    opener.open(urllib.request.Request(server.base + "/connexion", urllib.parse.urlencode(
        [("email", "api@reseau.example"), ("password", PASSWORD), ("_csrf", csrf)]).encode(), {"Content-Type": "application/x-www-form-urlencoded"}))
    # A read-write personal token, made on "Mon compte" as a person would: Bearer requests
    # need no CSRF token, so schemathesis exercises the writes too, not only the reads.
    page = opener.open(server.base + "/compte").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    made = opener.open(urllib.request.Request(server.base + "/compte/jetons", urllib.parse.urlencode(
        [("token_name", "Contrôle du contrat"), ("token_scope", "lecture-ecriture"), ("token_days", "30"), ("_csrf", csrf)]).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"})).read().decode()
    token = re.search(r"alt_[A-Za-z0-9_-]{43}", made).group(0)
    schemathesis = os.path.join(os.path.dirname(sys.executable), "schemathesis")
    run = subprocess.run([schemathesis, "run", server.base + "/api/openapi.json", "--url", server.base, "-H", f"Authorization: Bearer {token}",
                          "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                          "--max-examples", examples, "--phases", "examples,coverage,fuzzing", "--seed", "2026", "--no-color"],
                         capture_output=True, text=True, timeout=1200)
    summary = [line for line in run.stdout.splitlines() if line.strip()][-12:]
    if run.returncode == 0:
        print("pass: schemathesis: no server error, every response as documented")
        print("\n".join("  " + line for line in summary))
    else:
        failed += 1
        print("FAIL: schemathesis found responses outside the document or server errors:")
        print(run.stdout[-6000:])

print(f"api: {2 - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
