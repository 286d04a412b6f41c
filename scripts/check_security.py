#!/usr/bin/env python3
"""Security checks against the real server on a fresh SQLite database with the demo data:

- security headers on every response fetched (CSP without inline scripts, with
  frame-ancestors; X-Content-Type-Options; Referrer-Policy);
- a form posted without its CSRF token, or with a wrong one, gets 403 and changes nothing;
- XSS and SQL-injection payloads into every text field of every form: the check crawls
  every page of the access matrix (as the admin, a member and a participant through their
  private link), fills each form it finds twice (free-text fields with the payload and the
  rest valid, so it is stored; then every field with the payload, so it comes back in the
  error page), posts the payload through the form bodies of the POST routes whose form
  only shows in some states, through every JSON body of the API (from the OpenAPI
  document) and as uploaded file names; then fetches every page, export and API response
  again: nothing comes back unescaped in HTML, no 5xx, every table still there;
- the access-control matrix of scripts/access_matrix.txt: visitor, member of organisation
  A, member of organisation B, facilitator of lab X, facilitator of lab Y, network admin,
  over every route and method of the router (RouteCoverageTests keeps the file complete).

Prints one line per check and ends with "N passed, N failed". With --draft, prints the
matrix rows with the statuses observed (to write a new row; read them before trusting them);
with DEBUG_FORMS=1 in the environment, each form submission and its field errors.

Usage: check_security.py PATH_TO_ALLIANCES_BINARY [--draft]
"""
import datetime, base64, hashlib, html, html.parser, http.cookiejar, itertools, json, os, re, sqlite3, sys, urllib.error, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server import DemoServer

binary = sys.argv[1]
DRAFT = "--draft" in sys.argv
PASSWORD = "mot-de-passe-securite"
XSS = '<script>alert("xss")</script>"\'><img src=x onerror=alert(1)>'
SQLI = "'; DROP TABLE organisations; -- \" OR 1=1 --"
PAYLOAD = XSS + " " + SQLI
ROLES = ["visitor", "member A", "member B", "facilitator X", "facilitator Y", "admin"]
MATRIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "access_matrix.txt")
results = []


# Every secret the check saw (session and CSRF cookies, CSRF tokens, private links): none
# may appear in the server's log.
SECRETS = set()


def record(name, ok, detail=""):
    results.append(ok)
    print(("pass: " if ok else "FAIL: ") + name + ("" if ok else f" — {detail}"))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


ADDRESSES = itertools.count(1)


class Client:
    """A browser. With `proxied`, each request comes through the trusted proxy (the server
    runs with --trusted-proxy 127.0.0.1) from an address of its own, as the guests of a real
    opening of registrations do; `address` fixes that address instead."""

    def __init__(self, base, proxied=False, address=None):
        self.base = base
        self.proxied, self.address = proxied, address
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        self.responses = []
        self.token, self.token_cookies = None, None

    def cookies(self):
        return sorted((c.name, c.value) for c in self.jar)

    def csrf(self):
        """The CSRF token of the last page with a form, made for the current cookies (a
        page is loaded first when there is none, or the session changed since)."""
        if self.token is None or self.token_cookies != self.cookies():
            self.request("GET", "/connexion")
        return self.token or ""

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.address or self.proxied:
            n = next(ADDRESSES)
            headers["X-Forwarded-For"] = self.address or f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            response = self.opener.open(request, timeout=60)
            status, headers, data = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, data = error.code, error.headers, error.read()
        self.responses.append((method, path, status, headers))
        text = data.decode("utf-8", "replace")
        token = re.search(r'name="_csrf" value="([^"]+)"', text)
        if token:
            self.token, self.token_cookies = token.group(1), self.cookies()
            SECRETS.add(token.group(1))
        SECRETS.update(value for _, value in self.cookies())
        return status, headers, text

    def get(self, path):
        return self.request("GET", path)

    def form(self, path, fields, csrf=True, token=None):
        pairs = list(fields) + ([("_csrf", token if token is not None else self.csrf())] if csrf else [])
        return self.request("POST", path, urllib.parse.urlencode(pairs).encode(), {"Content-Type": "application/x-www-form-urlencoded"})

    def api(self, method, path, payload=None):
        body = None if payload is None else (payload if isinstance(payload, str) else json.dumps(payload)).encode()
        return self.request(method, path, body, {"Content-Type": "application/json"})

    def multipart(self, path, fields, filename, content, content_type):
        boundary = "----alliances-check-boundary"
        # The token is the first part, as the pages' upload forms send it.
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in [("_csrf", self.csrf())] + list(fields)]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                     + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def login(self, email):
        status, _, _ = self.form("/connexion", [("email", email), ("password", PASSWORD)])
        assert status == 303, f"login of {email}: {status}"
        return self


def unescaped(body):
    return any(marker in body for marker in ("<script>alert(", "<img src=x onerror", "<svg onload"))


def html_response(headers):
    return "html" in (headers.get("Content-Type") or "")


class Forms(html.parser.HTMLParser):
    """The forms of a page, each with its fields in order (a select with its options)."""

    def __init__(self):
        super().__init__()
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {"action": a.get("action", ""), "method": (a.get("method") or "get").lower(), "enctype": a.get("enctype", ""), "fields": []}
            self.forms.append(self.form)
        elif tag == "option" and self.select is not None:
            self.select["options"].append(a.get("value", ""))
            if "selected" in a:
                self.select["value"] = a.get("value", "")
        elif self.form is None or "name" not in a:
            return
        elif tag == "input":
            self.form["fields"].append({"type": (a.get("type") or "text").lower(), "name": a["name"], "value": a.get("value", ""), "checked": "checked" in a,
                                        "maxlength": int(a.get("maxlength") or 10000)})
        elif tag == "select":
            self.select = {"type": "select", "name": a["name"], "value": None, "options": [], "required": "required" in a}
            self.form["fields"].append(self.select)
        elif tag == "textarea":
            self.textarea = {"type": "textarea", "name": a["name"], "value": "", "maxlength": int(a.get("maxlength") or 10000)}
            self.form["fields"].append(self.textarea)
        elif tag == "button" and a.get("value") is not None:
            self.form["fields"].append({"type": "submit", "name": a["name"], "value": a.get("value", ""), "checked": False})

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def page_forms(body):
    parser = Forms()
    parser.feed(body)
    return parser.forms


# Values a valid submission needs in fields that are not prose, by field name.
STRUCTURED = {"slug": "controle-{n}", "key": "controle-{n}", "year": "2025", "percent": "12", "commune": "67482", "departements": "67",
              "startsAt": "2027-03-01T09:00", "endsAt": "2027-03-01T17:00", "startDate": "2026-02-01", "endDate": "", "deadline": "2030-01-01T12:00",
              "start": "2015-11-26T14:00", "minutes": "15", "slots": "4", "tables": "10", "size": "8", "capacity": "", "offerHours": "",
              "partnerships": "2", "acronym": "", "phone": "", "website": "", "email": "formulaire{n}@example.org", "speakers": "", "siren": "", "siret": "",
              "rnaId": "", "introductionId": "", "organisationId": ""}
SHORT_XSS = "<svg onload=alert(1)>"
FREE_TEXT = {"text", "search", "textarea"}


def prose(form):
    """The free-text fields that take any words (names, titles, descriptions, notes)."""
    return [i for i, f in enumerate(form["fields"]) if f["type"] in FREE_TEXT and f["name"] not in STRUCTURED and f["name"] != "_csrf"]


def fill(form, payload_at, everything=False, n=0):
    """A valid-looking submission with the payload in the fields numbered in `payload_at`
    (after any value they had); with `everything`, every field not hidden carries it."""
    pairs, seen_select, radios = [], {}, set()
    groups_checked = {f["name"] for f in form["fields"] if f["type"] == "checkbox" and f["checked"]}
    for i, field in enumerate(form["fields"]):
        kind, name, value = field["type"], field["name"], field.get("value") or ""
        if name == "_csrf" or kind == "file":
            continue
        if kind == "hidden":
            pairs.append((name, value))
        elif everything and kind not in ("submit", "checkbox", "radio", "select"):
            pairs.append((name, PAYLOAD))
        elif i in payload_at:
            text = (value + " " if value else "") + PAYLOAD
            limit = field.get("maxlength", 10000)
            pairs.append((name, text if len(text) <= limit else PAYLOAD if len(PAYLOAD) <= limit else SHORT_XSS))
        elif kind == "submit":
            if not any(n_ == name for n_, _ in pairs):
                pairs.append((name, value))
        elif kind == "checkbox":
            # A group none of whose boxes is ticked gets its first box (modes, themes...).
            if field["checked"] or name not in groups_checked:
                groups_checked.add(name)
                pairs.append((name, value or "1"))
        elif kind == "radio":
            if name not in radios and (field["checked"] or not any(f["name"] == name and f.get("checked") for f in form["fields"])):
                radios.add(name)
                pairs.append((name, value))
        elif kind == "select":
            # An optional select stays empty; the k-th required one, or the k-th of a
            # repeated name (parties), takes the k-th choice among the same options.
            choices = [o for o in field["options"] if o]
            same = tuple(choices)
            k = seen_select.get(same, 0)
            if field["value"] is not None:
                pairs.append((name, field["value"]))
            elif "" in field["options"] and not field["required"] and not any(f["name"] == name and f is not field for f in form["fields"]):
                pairs.append((name, ""))
            else:
                seen_select[same] = k + 1
                pairs.append((name, choices[k % len(choices)] if choices else ""))
        elif name == "endsAt" and value:
            start = next((f.get("value") for f in form["fields"] if f["name"] == "startsAt"), "") or value
            pairs.append((name, start[:11] + "%02d" % min(int(start[11:13] or 9) + 1, 23) + start[13:] if len(start) >= 16 else value))
        elif value:
            pairs.append((name, value))
        elif kind == "password":
            pairs.append((name, "un-mot-de-passe-assez-long"))
        elif kind == "url":
            pairs.append((name, "https://example.org/?q=" + urllib.parse.quote(XSS)))
        elif name in STRUCTURED:
            pairs.append((name, STRUCTURED[name].replace("{n}", str(n))))
        elif kind in ("number", "date", "datetime-local", "time"):
            pairs.append((name, ""))
        elif kind == "email":
            pairs.append((name, f"formulaire{n}@example.org"))
        else:
            pairs.append((name, f"Texte de contrôle {n}"))
    return pairs


def load_matrix():
    rows = []
    for number, line in enumerate(open(MATRIX, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(" ", 9)
        method, route, path, statuses, body = parts[0], parts[1], parts[2], parts[3:9], (parts[9] if len(parts) > 9 else None)
        rows.append({"line": number, "method": method, "route": route, "path": path, "expected": statuses, "body": body, "text": line})
    return rows


def route_pattern(route):
    return re.compile("^" + re.sub(r"\\\{[a-z]+\\\}", "[^/]+", re.escape(route)) + "$")


os.environ["LOG_LEVEL"] = "debug"  # the most the server can log, for the log check at the end
METRICS_TOKEN = "jeton-de-supervision-du-controle"
SECRETS.add(METRICS_TOKEN)
with DemoServer(binary, prefix="alliances-security-", args=["--trusted-proxy", "127.0.0.1,::1", "--metrics-token", METRICS_TOKEN]) as server:
    base = server.base
    query = server.query
    counter = itertools.count(1)

    def account(email, role, lab=None, organisation=None):
        server.create_user(email, role, PASSWORD, lab=lab, organisation=organisation)

    def write(sql, *args):
        with sqlite3.connect(server.database, timeout=30) as db:
            db.execute(sql, args)

    org_a = query("SELECT id FROM organisations WHERE name = 'Atelier Numérique Solidaire de Haguenau'")[0][0]
    org_b = query("SELECT id FROM organisations WHERE name = 'Numéria Conseil (démo)'")[0][0]
    account("admin@reseau.example", "admin")
    account("fac.x@alsace.example", "facilitateur", lab="alsace")
    account("fac.y@national.example", "facilitateur", lab="reseau-national")
    account("membre.a@atelier.example", "membre", organisation=org_a)
    account("membre.b@numeria.example", "membre", organisation=org_b)
    admin = Client(base).login("admin@reseau.example")
    guest = Client(base, proxied=True)

    def known_token(label):
        """A private-link token the check knows (43 characters, as the server makes them)."""
        token = base64.urlsafe_b64encode(hashlib.sha256(label.encode()).digest()).decode().rstrip("=")
        SECRETS.add(token)
        return token

    # Fixtures: an organisation without members (X), a person of B, a need of A and an
    # offer of B, introductions, a partnership of X and B with a document, an import run,
    # participants of the demo event with known private links, a pending invitation.
    def created(status, body, what):
        assert status == 201, f"{what}: {status} {body[:300]}"
        return json.loads(body)["id"]

    def new_org():
        return created(*admin.api("POST", "/api/v1/labs/alsace/organisations", {"name": f"Organisation sans membre {next(counter)}", "kind": "association", "commune": "67482"})[::2], "organisation")

    def new_person_b():
        # The API answers with the organisation and its people: the newest is this one.
        created(*admin.api("POST", f"/api/v1/labs/alsace/organisations/{org_b}/people", {"name": f"Personne {next(counter)}", "role": "Bénévole"})[::2], "person")
        return query("SELECT max(id) FROM people WHERE organisation_id = ?", org_b)[0][0]

    def new_listing(kind, organisation):
        return created(*admin.api("POST", "/api/v1/labs/alsace/listings", {"kind": kind, "organisationId": organisation, "title": f"{kind} {next(counter)}", "description": "Pour le contrôle.",
                                                                          "modes": ["benevolat"], "themes": ["solidarite"], "status": "publie", "visibility": "public"})[::2], "listing")

    def new_document(partnership):
        before = {r[0] for r in query("SELECT id FROM partnership_documents")}
        status, _, _ = admin.multipart(f"/labs/alsace/partenariats/{partnership}/documents", [], "compte-rendu.pdf", b"%PDF-1.4\n% controle\n%%EOF\n", "application/pdf")
        assert status == 303, f"document upload: {status}"
        return max({r[0] for r in query("SELECT id FROM partnership_documents")} - before)

    def new_registration():
        n = next(counter)
        email = f"participant{n}@example.org"
        status, _, body = guest.form("/evenements/alliances-2027/inscription", [("name", f"Participant {n}"), ("email", email), ("organisation", "Association du contrôle"), ("listed", "1")])
        assert status in (200, 303), f"registration: {status} {body[:200]}"
        token = known_token(email)
        write("UPDATE registrations SET token_hash = ? WHERE email = ?", hashlib.sha256(token.encode()).hexdigest(), email)
        return query("SELECT id FROM registrations WHERE email = ?", email)[0][0], token

    def new_invitation():
        email = f"invitation{next(counter)}@example.org"
        status, _, _ = inviter.form("/labs/alsace/comptes/invitations", [("email", email), ("role", "membre"), ("organisation", str(org_b))])
        assert status == 201, f"invitation: {status}"
        token = known_token(email)
        write("UPDATE invitations SET token_hash = ? WHERE email = ?", hashlib.sha256(token.encode()).hexdigest(), email)
        return token

    def new_invitation_id():
        new_invitation()
        return query("SELECT max(id) FROM invitations")[0][0]

    def new_account():
        """A member account of B for the rows that change or erase one (no password: never signs in)."""
        n = next(counter)
        write("INSERT INTO users (email, name, password_hash, role, organisation_id, created_at) VALUES (?, ?, 'x', 'membre', ?, 0)",
              f"compte{n}@numeria.example", f"Compte {n}", org_b)
        user = query("SELECT id FROM users WHERE email = ?", f"compte{n}@numeria.example")[0][0]
        write("INSERT INTO memberships (user_id, organisation_id, created_at) VALUES (?, ?, 0)", user, org_b)
        return user

    def new_session():
        _, _, body = admin.get(f"/evenements/alliances-2027/sessions/{session}/modifier")
        form = next(f for f in page_forms(body) if f["method"] == "post" and "modifier" in f["action"])
        pairs = [(f["name"], ("Atelier à supprimer" if f["name"] == "title" else f.get("value") or "")) for f in form["fields"]
                 if f["name"] != "_csrf" and (f["type"] not in ("checkbox", "radio") or f.get("checked"))]
        before = {r[0] for r in query("SELECT id FROM event_sessions")}
        status, _, _ = admin.form("/evenements/alliances-2027/sessions/nouvelle", pairs)
        assert status == 303, f"session: {status}"
        return max({r[0] for r in query("SELECT id FROM event_sessions")} - before)

    logins = {"visitor": None, "member A": "membre.a@atelier.example", "member B": "membre.b@numeria.example", "facilitator X": "fac.x@alsace.example",
              "facilitator Y": "fac.y@national.example", "admin": "admin@reseau.example"}
    clients = {"visitor": Client(base, proxied=True), "member A": Client(base).login("membre.a@atelier.example"), "member B": Client(base).login("membre.b@numeria.example"),
               "facilitator X": Client(base).login("fac.x@alsace.example"), "facilitator Y": Client(base).login("fac.y@national.example"), "admin": admin}
    inviter = Client(base).login("fac.x@alsace.example")
    org_x = new_org()
    person_b = new_person_b()
    besoin_a, offre_b = new_listing("besoin", org_a), new_listing("offre", org_b)
    intro = created(*admin.api("POST", "/api/v1/labs/alsace/introductions", {"organisationA": org_a, "organisationB": org_b, "needId": besoin_a, "offerId": offre_b, "messageA": "Pour le contrôle", "messageB": "Pour le contrôle"})[::2], "introduction")
    intro2 = created(*admin.api("POST", "/api/v1/labs/alsace/introductions", {"organisationA": org_a, "organisationB": org_x, "messageA": "Pour le contrôle", "messageB": "Pour le contrôle"})[::2], "introduction")
    partnership = created(*admin.api("POST", "/api/v1/labs/alsace/partnerships", {"title": "Partenariat du contrôle", "parties": [{"organisationId": org_x, "role": "Porteur"},
                          {"organisationId": org_b, "role": "Mécène"}], "modes": ["benevolat"], "themes": ["solidarite"], "stage": "dialogue", "startDate": "2026-01-15", "origin": "direct"})[::2], "partnership")
    document = new_document(partnership)
    rna_header = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "make_rna_file.py"), encoding="utf-8").read().split('HEADER = (')[1].split(")")[0]
    rna_header = "".join(re.findall(r'"([^"]*)"', rna_header))
    status, _, _ = admin.multipart("/labs/alsace/imports", [("kind", "rna")], "rna-controle.csv", (rna_header + "\r\nligne;illisible\r\n").encode(), "text/csv")
    assert status in (200, 303), f"import upload: {status}"
    import_run = query("SELECT id FROM imports ORDER BY id DESC LIMIT 1")[0][0]
    session = query("SELECT s.id FROM event_sessions s JOIN events e ON e.id = s.event_id WHERE e.slug = 'alliances-2027' AND s.capacity IS NOT NULL ORDER BY s.id LIMIT 1")[0][0]
    # Two participants: the organiser acts on the first, the second's private link serves
    # the participant's routes (so the organiser's rows cannot change what it sees).
    registration, _ = new_registration()
    _, token = new_registration()
    # Records of another parent, for the cross-parent rows: an organisation, a need, an
    # introduction, a partnership with a document and an import run of lab Y; a person of
    # A; a second event of lab X with its workshop and a participant.
    def in_lab_y(kind, payload):
        return created(*admin.api("POST", f"/api/v1/labs/reseau-national/{kind}", payload)[::2], kind)
    org_y = in_lab_y("organisations", {"name": "Organisation du labo Y", "kind": "association", "commune": "67482"})
    org_y2 = in_lab_y("organisations", {"name": "Entreprise du labo Y", "kind": "entreprise", "commune": "67482"})
    listing_y = in_lab_y("listings", {"kind": "besoin", "organisationId": org_y, "title": "Besoin du labo Y", "description": "Pour le contrôle.",
                                     "modes": ["benevolat"], "themes": ["solidarite"], "status": "publie", "visibility": "public"})
    intro_y = in_lab_y("introductions", {"organisationA": org_y, "organisationB": org_y2, "messageA": "Bonjour", "messageB": "Bonjour"})
    partnership_y = in_lab_y("partnerships", {"title": "Partenariat du labo Y", "parties": [{"organisationId": org_y, "role": "Porteur"}, {"organisationId": org_y2, "role": "Mécène"}],
                                              "modes": ["benevolat"], "themes": ["solidarite"], "stage": "dialogue", "startDate": "2026-01-15", "origin": "direct"})
    status, _, _ = admin.multipart(f"/labs/reseau-national/partenariats/{partnership_y}/documents", [], "labo-y.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    assert status == 303, f"document of lab Y: {status}"
    document_y = query("SELECT id FROM partnership_documents WHERE partnership_id = ?", partnership_y)[0][0]
    status, _, _ = admin.multipart("/labs/reseau-national/imports", [("kind", "rna")], "rna-y.csv", (rna_header + "\r\nligne;illisible\r\n").encode(), "text/csv")
    import_run_y = query("SELECT id FROM imports WHERE lab_id = (SELECT id FROM labs WHERE slug = 'reseau-national') ORDER BY id DESC LIMIT 1")[0][0]
    created(*admin.api("POST", f"/api/v1/labs/alsace/organisations/{org_a}/people", {"name": "Personne de A", "role": "Bénévole"})[::2], "person")
    person_a = query("SELECT max(id) FROM people WHERE organisation_id = ?", org_a)[0][0]
    status, _, _ = admin.form("/evenements/nouveau", [("title", "Rencontre B du contrôle"), ("slug", "controle-b"), ("startsAt", "2027-03-01T09:00"),
                                                      ("endsAt", "2027-03-01T17:00"), ("status", "inscriptions-ouvertes"), ("capacity", "50"), ("lab", str(query("SELECT id FROM labs WHERE slug = 'alsace'")[0][0]))])
    assert status == 303, f"event B: {status}"
    status, _, _ = admin.form("/evenements/controle-b/sessions/nouvelle", [("kind", "atelier"), ("title", "Atelier de B"), ("startsAt", "2027-03-01T10:00"),
                                                                          ("endsAt", "2027-03-01T11:00"), ("capacity", "20")])
    assert status == 303, f"session of event B: {status}"
    session_b = query("SELECT s.id FROM event_sessions s JOIN events e ON e.id = s.event_id WHERE e.slug = 'controle-b'")[0][0]
    status, _, _ = guest.form("/evenements/controle-b/inscription", [("name", "Participant de B"), ("email", "participant.b@example.org")])
    assert status in (200, 303), f"registration to event B: {status}"
    registration_b = query("SELECT id FROM registrations WHERE email = 'participant.b@example.org'")[0][0]
    # Pooled resources: a room of B (for the lab's members, open every day), one of lab Y,
    # and bookings asked by A, each on a day of its own so that accepting one never finds
    # the room taken.
    def resource_form(organisation, title):
        return [("organisationID", str(organisation)), ("kind", "salle"), ("title", title), ("audience", "labo"), ("conditions", "gratuit"),
                ("quantity", "1")] + [pair for day in range(1, 8) for pair in ((f"open-{day}", "08:00"), (f"close-{day}", "20:00"))]

    def new_resource(lab, organisation, title):
        status, headers, body = admin.form(f"/labs/{lab}/ressources/nouvelle", resource_form(organisation, title))
        assert status == 303, f"resource: {status} {body[:300]}"
        return query("SELECT max(id) FROM resources")[0][0]

    resource_b = new_resource("alsace", org_b, "Salle de B")
    resource_y = new_resource("reseau-national", org_y, "Salle du labo Y")

    def future_day(offset):
        return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()

    def new_booking(client, lab, resource):
        day = future_day(30 + next(counter))
        status, _, body = client.form(f"/labs/{lab}/ressources/{resource}/reservations",
                                      [("start", day), ("startTime", "10:00"), ("end", day), ("endTime", "12:00"), ("quantity", "1")])
        assert status == 303, f"booking: {status} {body[:300]}"
        return query("SELECT max(id) FROM bookings")[0][0]

    booking_y = new_booking(admin, "reseau-national", resource_y)

    def new_photo(lab, resource):
        png = b"\x89PNG\r\n\x1a\n" + bytes(64)
        status, _, body = admin.multipart(f"/labs/{lab}/ressources/{resource}/photos", [], "photo.png", png, "image/png")
        assert status == 303, f"photo: {status} {body[:200]}"
        return query("SELECT max(id) FROM resource_photos")[0][0]

    photo_b, photo_y = new_photo("alsace", resource_b), new_photo("reseau-national", resource_y)
    # Experience sheets (drafts, submitted or published, by admin for B or Y) and tools.
    def new_sheet(lab, organisation, visibility, steps=()):
        status, _, body = admin.form(f"/labs/{lab}/bibliotheque/nouvelle", [
            ("title", f"Fiche du contrôle {next(counter)}"), ("summary", "Pour le contrôle des accès."), ("questions", "se-connaitre"),
            ("visibility", visibility), ("party", str(organisation)), ("role", "Porteur")])
        assert status == 303, f"sheet: {status} {body[:300]}"
        sheet = query("SELECT max(id) FROM experience_sheets")[0][0]
        for action in steps:
            status, _, body = admin.form(f"/labs/{lab}/bibliotheque/{sheet}/etape", [("action", action)])
            assert status == 303, f"sheet step {action}: {status} {body[:300]}"
        return sheet

    sheet_b = new_sheet("alsace", org_b, "labo")
    sheet_pub = new_sheet("alsace", org_b, "public", ("soumettre", "publier"))
    sheet_y = new_sheet("reseau-national", org_y, "public", ("soumettre", "publier"))

    def new_sheet_doc(lab, sheet):
        status, _, body = admin.multipart(f"/labs/{lab}/bibliotheque/{sheet}/documents", [], "fiche.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        assert status == 303, f"sheet document: {status} {body[:300]}"
        return query("SELECT max(id) FROM experience_sheet_documents")[0][0]

    sheet_doc_b, sheet_doc_y = new_sheet_doc("alsace", sheet_b), new_sheet_doc("reseau-national", sheet_y)

    def new_tool(lab, visibility):
        status, _, body = admin.form(f"/labs/{lab}/outils/nouveau", [("title", "Outil du contrôle"), ("category", "charte"),
                                                                    ("licence", "cc-by-4.0"), ("visibility", visibility)])
        assert status == 303, f"tool: {status} {body[:300]}"
        tool = query("SELECT max(id) FROM library_tools")[0][0]
        status, _, body = admin.multipart(f"/labs/{lab}/outils/{tool}/versions", [("note", "Première")], "outil.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        assert status == 303, f"tool version: {status} {body[:300]}"
        return tool

    tool_x, tool_y = new_tool("alsace", "labo"), new_tool("reseau-national", "public")

    # Webhook subscriptions of lab X and lab Y (their deliveries fail here, offline: logged
    # and retried, which the check also lives through).
    def new_webhook(lab):
        status, _, body = admin.form(f"/labs/{lab}/webhooks", [("webhook_name", f"Contrôle {next(counter)}"),
                                                               ("webhook_url", "https://crm.example.org/hook"),
                                                               ("webhook_events", "organisation.created")])
        assert status == 200 and "whsec_" in body, f"webhook: {status} {body[:300]}"
        return query("SELECT max(id) FROM webhook_subscriptions")[0][0]

    webhook_x, webhook_y = new_webhook("alsace"), new_webhook("reseau-national")

    def new_personal_webhook(client):
        status, _, body = client.form("/labs/alsace/mes-webhooks", [("webhook_name", f"Perso {next(counter)}"),
                                                                    ("webhook_url", "https://crm.example.org/perso"),
                                                                    ("webhook_events", "need.published")])
        assert status == 200 and "whsec_" in body, f"personal webhook: {status} {body[:300]}"
        return query("SELECT max(id) FROM webhook_subscriptions")[0][0]

    webhook_b, webhook_b2 = new_personal_webhook(clients["member B"]), new_personal_webhook(clients["member B"])

    def new_lab_token(lab):
        status, _, body = admin.form(f"/labs/{lab}/jetons", [("token_name", f"Contrôle {next(counter)}"),
                                                             ("token_days", "30"), ("scope_annuaire", "lecture")])
        assert status == 200 and "alt_" in body, f"lab token: {status} {body[:300]}"
        return query("SELECT max(id) FROM api_tokens")[0][0]

    lab_token_x = new_lab_token("alsace")

    # A network rencontre written through the API (its organiser: the admin), and sessions.
    status, _, body = admin.api("POST", "/api/v1/events", {"title": "Rencontre du contrôle de l'API", "slug": "controle-api",
                                                          "start": "2027-06-01T09:00", "end": "2027-06-01T17:00", "status": "publie"})
    assert status == 201, f"API event: {status} {body[:300]}"
    api_event = json.loads(body)["slug"]

    def new_api_session():
        return created(*admin.api("POST", f"/api/v1/events/{api_event}/sessions", {"title": f"Atelier {next(counter)}", "kind": "atelier",
                                                                                   "start": "2027-06-01T10:00", "end": "2027-06-01T11:00"})[::2], "API session")

    api_session = new_api_session()
    references = [r[0] for r in query("SELECT id FROM barometer_references ORDER BY id")]
    reference = references.pop(0)
    fixtures = {"org_a": org_a, "org_b": org_b, "org_x": org_x, "person_b": person_b, "besoin_a": besoin_a, "offre_b": offre_b, "intro": intro, "intro2": intro2,
                "partnership": partnership, "document": document, "import_run": import_run, "session": session, "registration": registration, "token": token,
                "reference": reference, "lab_x": query("SELECT id FROM labs WHERE slug = 'alsace'")[0][0],
                "org_y": org_y, "listing_y": listing_y, "intro_y": intro_y, "partnership_y": partnership_y, "document_y": document_y,
                "import_run_y": import_run_y, "person_a": person_a, "session_b": session_b, "registration_b": registration_b,
                "account_c": new_account(), "resource_b": resource_b, "resource_y": resource_y, "booking_y": booking_y, "photo_b": photo_b, "photo_y": photo_y,
                "sheet_b": sheet_b, "sheet_pub": sheet_pub, "sheet_y": sheet_y, "tool_x": tool_x, "tool_y": tool_y,
                "sheet_doc_b": sheet_doc_b, "sheet_doc_y": sheet_doc_y, "webhook_x": webhook_x, "webhook_y": webhook_y, "webhook_b": webhook_b, "webhook_b2": webhook_b2, "lab_token_x": lab_token_x, "api_event": api_event, "api_session": api_session,
                "future_day": future_day(29), "unknown_token": known_token("un lien que le serveur n'a jamais fait"),
                "plenary": query("SELECT s.id FROM event_sessions s JOIN events e ON e.id = s.event_id WHERE e.slug = 'alliances-2027' AND s.kind = 'table-ronde' ORDER BY s.id LIMIT 1")[0][0]}
    fresh = {"fresh_org": new_org, "fresh_person_b": new_person_b, "fresh_document": lambda: new_document(partnership), "fresh_session": new_session,
             "fresh_registration": lambda: new_registration()[0], "fresh_token": lambda: new_registration()[1], "fresh_invitation": new_invitation,
             "fresh_invitation_id": new_invitation_id, "fresh_account": new_account,
             "fresh_reference": lambda: references.pop(0), "fresh_booking": lambda: new_booking(clients["member A"], "alsace", resource_b),
             "fresh_photo": lambda: new_photo("alsace", resource_b),
             "fresh_sheet": lambda: new_sheet("alsace", org_b, "labo"), "fresh_submitted_sheet": lambda: new_sheet("alsace", org_b, "labo", ("soumettre",)),
             "fresh_sheet_doc": lambda: new_sheet_doc("alsace", sheet_b), "fresh_sheet": lambda: new_sheet("alsace", org_b, "labo"), "fresh_email": lambda: f"adresse{next(counter)}@example.org",
             "fresh_webhook": lambda: new_webhook("alsace"), "fresh_lab_token": lambda: new_lab_token("alsace"),
             "fresh_api_session": new_api_session,
             "n": lambda: next(counter)}

    def resolve(text):
        return re.sub(r"\{([a-z_0-9]+)\}", lambda m: str(fixtures[m.group(1)] if m.group(1) in fixtures else fresh[m.group(1)]()), text)

    STRUCTURED["organisationId"] = str(org_a)
    matrix = load_matrix()
    routes = [(row["method"], route_pattern(row["route"]), row["route"]) for row in matrix]

    def route_of(method, path):
        path = urllib.parse.urlsplit(path).path
        return next((route for m, pattern, route in routes if m == method and pattern.match(path)), None)

    if not DRAFT:
        # CSRF: no token, a wrong token: 403 and nothing changed.
        before = query("SELECT description FROM organisations WHERE id = ?", org_a)
        fields = [("name", "Atelier Numérique Solidaire de Haguenau"), ("kind", "association"), ("description", "Changé sans jeton")]
        for label, kwargs in [("without a token", {"csrf": False}), ("with a wrong token", {"token": "faux-jeton"})]:
            status, _, _ = admin.form(f"/labs/alsace/organisations/{org_a}/modifier", fields, **kwargs)
            record(f"CSRF: a form {label} gets 403 and changes nothing", status == 403 and query("SELECT description FROM organisations WHERE id = ?", org_a) == before, f"status {status}")
        status, _, _ = admin.request("POST", f"/api/v1/labs/alsace/organisations/{org_a}/people", urllib.parse.urlencode([("name", "x")]).encode(),
                                     {"Content-Type": "application/x-www-form-urlencoded"})
        record("CSRF: the API refuses a form-encoded body (a cross-site form cannot send JSON)", status == 415, f"status {status}")
        # Guests of one address: ten registrations an hour to an event, then 429 with Retry-After.
        one = Client(base, address="203.0.113.77")
        answers = [one.form("/evenements/controle-b/inscription", [("name", f"Même adresse {n}"), ("email", f"meme.adresse{n}@example.org")]) for n in range(11)]
        last = answers[-1]
        record("guest registrations: 10 per address and event and hour, then 429 with Retry-After; other addresses go on",
               [a[0] for a in answers[:10]] == [200] * 10 and last[0] == 429 and int(last[1].get("Retry-After", "0")) > 0
               and guest.form("/evenements/controle-b/inscription", [("name", "Autre adresse"), ("email", "autre.adresse@example.org")])[0] == 200,
               f"statuses {[a[0] for a in answers]}")
        # Bounded bodies: an upload of many parts or one long field, a form of many fields: 413, nothing kept.
        imports_before = query("SELECT COUNT(*) FROM imports")
        statuses = [admin.multipart("/labs/alsace/imports", [("kind", "rna")] + [(f"x{n}", "1") for n in range(20)], "a.csv", b"id;titre\r\n", "text/csv")[0],
                    admin.multipart("/labs/alsace/imports", [("kind", "rna"), ("note", "x" * 5000)], "a.csv", b"id;titre\r\n", "text/csv")[0],
                    admin.form("/labs/alsace/organisations/nouvelle", [(f"f{n}", "1") for n in range(2500)])[0]]
        record("bounds: an upload of 20 extra parts or a 5000-byte field, a form of 2500 fields get 413 and keep nothing",
               statuses == [413, 413, 413] and query("SELECT COUNT(*) FROM imports") == imports_before, f"statuses {statuses}")
        # /metrics: this machine (the matrix's clients, direct on loopback), never a visitor
        # relayed by a proxy, or the scraper's Bearer token.
        relayed = Client(base, address="198.51.100.7")
        statuses = [relayed.get("/metrics")[0], relayed.request("GET", "/metrics", headers={"Authorization": "Bearer mauvais-jeton-de-supervision"})[0],
                    relayed.request("GET", "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})[0]]
        record("metrics: a relayed visitor gets 403, also with a wrong token; the scraper's token opens them", statuses == [403, 403, 200], f"statuses {statuses}")
        # Personal API tokens (Authorization: Bearer on /api/): shown once on "Mon compte",
        # stored as a hash only; the token acts as its owner (member A here), within its
        # scope; a wrong, revoked or malformed one is 401, never taken for a visitor.
        def new_api_token(scope):
            page = clients["member A"].form("/compte/jetons", [("token_name", f"Contrôle {scope}"), ("token_scope", scope), ("token_days", "30")])[2]
            found = re.search(r'value="(alt_[A-Za-z0-9_-]+)"', page)
            if found:
                SECRETS.add(found.group(1))
            return found.group(1) if found else ""
        reader, writer = new_api_token("lecture"), new_api_token("lecture-ecriture")
        bearer = Client(base)

        def with_token(method, path, token, payload=None, scheme="Bearer"):
            body = None if payload is None else json.dumps(payload).encode()
            return bearer.request(method, path, body, {"Authorization": f"{scheme} {token}", "Content-Type": "application/json"})[0]
        listing = {"kind": "besoin", "organisationId": fixtures["org_a"], "title": "Besoin par jeton", "description": "Un besoin.", "modes": ["benevolat"],
                   "themes": ["solidarite"], "status": "publie", "visibility": "public"}
        statuses = [with_token("GET", "/api/v1/labs/alsace/introductions", reader), with_token("GET", "/api/v1/labs/reseau-national/introductions", reader),
                    with_token("POST", "/api/v1/labs/alsace/listings", reader, listing), with_token("POST", "/api/v1/labs/alsace/listings", writer, listing),
                    with_token("GET", "/api/v1/labs/alsace/introductions", reader[:-2] + "xx"), with_token("GET", "/api/v1/labs/alsace/introductions", reader, scheme="Basic"),
                    with_token("GET", "/api/v1/labs/alsace/introductions", "")]
        stored = query("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", hashlib.sha256(reader.encode()).hexdigest())
        clear = query("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ? OR name = ?", reader, reader)
        token_id = query("SELECT id FROM api_tokens WHERE token_hash = ?", hashlib.sha256(reader.encode()).hexdigest())
        revoked = clients["member A"].form(f"/compte/jetons/{token_id[0][0]}/revoquer", [])[0] if token_id else 0
        foreign = clients["member B"].form(f"/compte/jetons/{token_id[0][0]}/revoquer", [])[0] if token_id else 0
        after = with_token("GET", "/api/v1/labs/alsace/introductions", reader)
        record("API tokens: a read token reads as its owner (200; another lab's list 403), cannot write (403); a read-write one writes (201); "
               "a wrong, non-Bearer or empty token is 401; stored as its SHA-256 only; revoked by its owner only, then 401",
               bool(reader) and statuses == [200, 403, 403, 201, 401, 401, 401] and stored == [(1,)] and clear == [(0,)] and revoked == 200
               and foreign == 404 and after == 401,
               f"statuses {statuses}, stored {stored}, clear {clear}, revoke {revoked}/{foreign}, after {after}")
        # Reference data shared by every lab: network admins only.
        communes = "TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT\r\nCOM,67999,44,67,67D,671,0,CONTROLE,Contrôle,Contrôle,6799,\r\n".encode()
        before = query("SELECT COUNT(*) FROM communes")
        statuses = [clients[role].multipart("/labs/alsace/imports", [("kind", "cog-communes")], "communes.csv", communes, "text/csv")[0] for role in ("facilitator X", "admin")]
        record("reference data: a facilitator's upload of COG communes is refused (403), a network admin's is imported", statuses[0] == 403 and statuses[1] in (200, 303)
               and query("SELECT COUNT(*) FROM communes WHERE code = '67999'") == [(1,)], f"statuses {statuses}, communes {before} -> {query('SELECT COUNT(*) FROM communes')}")


    # What the cross-parent rows aim at, to check afterwards that none of it changed.
    def other_parents():
        return [query(sql, *args) for sql, args in [
            ("SELECT name, description, active FROM organisations WHERE id = ?", (org_y,)),
            ("SELECT name, role FROM people WHERE id = ?", (person_a,)),
            ("SELECT title, organisation_id, kind FROM listings WHERE id = ?", (listing_y,)),
            ("SELECT organisation_id, kind FROM listings WHERE id IN (?, ?)", (besoin_a, offre_b)),
            ("SELECT status, answer_a, answer_b FROM introductions WHERE id = ?", (intro_y,)),
            ("SELECT title FROM partnerships WHERE id = ?", (partnership_y,)),
            ("SELECT COUNT(*) FROM partnership_notes WHERE partnership_id = ?", (partnership_y,)),
            ("SELECT id, partnership_id FROM partnership_documents WHERE id = ?", (document_y,)),
            ("SELECT title, capacity FROM event_sessions WHERE id = ?", (session_b,)),
            ("SELECT status, checked_in_at, name, dietary FROM registrations WHERE id = ?", (registration_b,)),
            ("SELECT session_id, status FROM session_registrations WHERE registration_id = ?", (registration_b,)),
            ("SELECT COUNT(*) FROM allocation_locks WHERE registration_id = ?", (registration_b,)),
            ("SELECT COUNT(*) FROM lunch_seats WHERE registration_id = ?", (registration_b,)),
            ("SELECT COUNT(*) FROM session_checkins WHERE registration_id = ?", (registration_b,)),
            ("SELECT COUNT(*) FROM partnership_parties WHERE organisation_id = ?", (org_y,)),
            ("SELECT COUNT(*) FROM introductions WHERE need_id = ?", (listing_y,)),
            ("SELECT title, organisation_id, updated_at FROM resources WHERE id = ?", (resource_y,)),
            ("SELECT COUNT(*), MAX(status) FROM bookings WHERE resource_id = ?", (resource_y,)),
            ("SELECT COUNT(*) FROM resource_photos WHERE resource_id = ?", (resource_y,)),
        ]]
    before_cross = other_parents()

    # The access-control matrix, every route and method of the router.
    for row in matrix:
        path = resolve(row["path"]) if "fresh_" not in row["path"] else None
        got = []
        for role in ROLES:
            client = clients[role]
            target = path or resolve(row["path"])
            body = resolve(row["body"]) if row["body"] else None
            if row["method"] == "GET":
                status, _, _ = client.get(target)
            elif target.startswith("/api/"):
                status, _, _ = client.api(row["method"], target, body)
            else:
                status, _, _ = client.form(target, urllib.parse.parse_qsl(body or "", keep_blank_values=True))
            got.append(str(status))
        if row["method"] == "POST" and row["route"] == "/invitations/{token}":
            # Accepting an invitation signs the new account in: every role signs in again.
            for role, email in logins.items():
                clients[role].jar.clear()
                if email:
                    clients[role].login(email)
        if DRAFT:
            print(" ".join([row["method"], row["route"], row["path"]] + got + ([row["body"]] if row["body"] else [])))
            continue
        record(f"access: {row['method']} {row['path']}", got == row["expected"],
               "expected " + ", ".join(f"{r} {e}" for r, e in zip(ROLES, row["expected"])) + "; got " + ", ".join(f"{r} {g}" for r, g in zip(ROLES, got)))


    if not DRAFT:
        after_cross = other_parents()
        record("cross-parent ids: the records of another lab, organisation or event named under this one's path are unchanged",
               after_cross == before_cross, f"before {before_cross}, after {after_cross}")

    # The matrix changed sessions and records: every role signs in again for the payloads.
    for role, email in logins.items():
        clients[role].jar.clear()
        if email:
            clients[role].login(email)
    inviter.jar.clear()
    inviter.login("fac.x@alsace.example")
    admin = clients["admin"]
    if not DRAFT:
        # Payloads into every form. The pages to crawl: every GET of the matrix, as the
        # admin, member A (their survey and organisation) and a participant (private link).
        tables_before = set(r[0] for r in query("SELECT name FROM sqlite_master WHERE type = 'table'"))
        pages = [resolve(row["path"]) for row in matrix if row["method"] == "GET" and "fresh_" not in row["path"] and "faux-jeton" not in row["path"]]
        crawlers = [admin, clients["member A"], guest]
        seen_forms, posted_routes, problems, submissions = set(), set(), [], []
        # Archiving a lab would make every later write refuse (409): its own matrix row
        # archives and restores the Bretagne lab.
        skip = re.compile(r"/(supprimer|annuler|deconnexion|archiver)(\?|$)|^/deconnexion")
        for client in crawlers:
            for path in pages:
                status, headers, body = client.get(path)
                if status >= 500:
                    problems.append(f"GET {path}: {status}")
                if not html_response(headers):
                    continue
                for form in page_forms(body):
                    action = form["action"] or path
                    if form["method"] != "post" or skip.search(action) or "multipart" in form["enctype"]:
                        continue
                    key = (route_of("POST", action), tuple(sorted(f["name"] for f in form["fields"])))
                    if key in seen_forms:
                        continue
                    seen_forms.add(key)
                    posted_routes.add(key[0])
                    # Each prose field in turn carries the payload, the rest valid (so it is
                    # stored); then every field carries it (so it comes back in the errors);
                    # last, every prose field at once (what stays for the pages to show).
                    fields = prose(form)
                    for payload_at, everything in [({i}, False) for i in fields] + [(set(), True)] + ([(set(fields), False)] if len(fields) > 1 else []):
                        status, headers, answer = client.form(action, fill(form, payload_at, everything, next(counter)))
                        submissions.append(status)
                        if os.environ.get("DEBUG_FORMS"):
                            print("FORM", sorted(payload_at), everything, status, action, re.findall(r'class="field-error"[^>]*>([^<]*)', answer)[:3])
                        if status >= 500 or (html_response(headers) and unescaped(answer)):
                            problems.append(f"POST {action} ({'every field' if everything else ', '.join(form['fields'][i]['name'] for i in payload_at)}): {status}{', unescaped' if unescaped(answer) else ''}")
        # The POST routes whose form only shows in some states (a run to publish, a
        # meeting to accept...): their matrix body with the payload in every value.
        for row in matrix:
            if row["method"] != "POST" or row["route"] in posted_routes or row["route"].startswith("/api/") or skip.search(row["route"]) or row["route"] == "/connexion":
                continue
            posted_routes.add(row["route"])
            pairs = urllib.parse.parse_qsl(resolve(row["body"] or ""), keep_blank_values=True)
            pairs = [(k, PAYLOAD) for k, _ in pairs] + [("message", PAYLOAD), ("note", PAYLOAD)]
            status, headers, answer = admin.form(resolve(row["path"]), pairs)
            if status >= 500 or (html_response(headers) and unescaped(answer)):
                problems.append(f"POST {row['path']} (matrix body): {status}{', unescaped' if unescaped(answer) else ''}")
        # Every JSON body of the API: each string the schema leaves free gets the payload.
        document_schema = json.loads(admin.get("/api/openapi.json")[2])
        schemas = document_schema["components"]["schemas"]
        api_rows = [row for row in matrix if row["route"].startswith("/api/") and row["body"]]
        for row in api_rows:
            operation = document_schema["paths"][row["route"]][row["method"].lower()]
            schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            schema = schemas[schema["$ref"].split("/")[-1]] if "$ref" in schema else schema
            body = json.loads(resolve(row["body"]))
            for name, spec in schema.get("properties", {}).items():
                if spec.get("type") == "string" and "enum" not in spec and "format" not in spec and name not in ("source", "candidate", "commune", "email", "startDate", "endDate", "website", "phone"):
                    body[name] = PAYLOAD
                elif spec.get("type") == "array" and name == "parties":
                    body[name] = [dict(p, role=PAYLOAD) for p in body.get(name, [])]
            status, headers, answer = admin.api(row["method"], resolve(row["path"]), body)
            posted_routes.add(row["route"])
            if status >= 500 or html_response(headers):
                problems.append(f"{row['method']} {row['path']} (API): {status}, {headers.get('Content-Type')}")
        # File names: a document and a register file whose names are payloads.
        admin.multipart(f"/labs/alsace/partenariats/{partnership}/documents", [], XSS + ".pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        admin.multipart("/labs/alsace/imports", [("kind", "rna")], XSS + ".csv", (rna_header + "\r\n").encode(), "text/csv")
        posted_routes |= {"/labs/{lab}/partenariats/{id}/documents", "/labs/{lab}/imports"}
        searches = ["/labs/alsace/recherche?q=" + urllib.parse.quote(PAYLOAD), "/api/v1/labs/alsace/search?q=" + urllib.parse.quote(SQLI),
                    "/labs/alsace/organisations?commune=" + urllib.parse.quote(SQLI) + "&q=" + urllib.parse.quote(XSS), "/labs/alsace/carte?q=" + urllib.parse.quote(XSS),
                    "/evenements/alliances-2027/inscrits?q=" + urllib.parse.quote(XSS), "/labs/alsace/besoins?q=" + urllib.parse.quote(XSS)]
        for path in searches:
            status, headers, body = guest.get(path) if "inscrits" not in path else admin.get(path)
            if status >= 500 or (html_response(headers) and unescaped(body)):
                problems.append(f"GET {path}: {status}")
        writable = sorted({row["route"] for row in matrix if row["method"] not in ("GET", "DELETE")} - {"/deconnexion"})
        missing = [r for r in writable if r not in posted_routes and not skip.search(r) and r != "/connexion"]
        accepted = sum(1 for status in submissions if status in (200, 201, 303))
        record(f"payloads: {len(seen_forms)} forms crawled, {len(submissions)} submissions ({accepted} accepted), {len(posted_routes)} writing routes given payloads; no 5xx, nothing unescaped",
               not problems, "; ".join(problems[:8]))
        record("payloads: every writing route but deletions, cancellations and sign-out got them", not missing, ", ".join(missing))

        # Then every page again, as each crawler and the visitor, with the pages their links
        # lead to (up to eight per route: the records just made): escaped, shown as text.
        shown, fetched = 0, 0
        for client in crawlers + [clients["visitor"]]:
            queue, visited, per_route = list(pages) + ["/labs/alsace/imports", f"/labs/alsace/partenariats/{partnership}"], set(), {}
            while queue:
                path = queue.pop(0)
                route = route_of("GET", path)
                if path in visited or route is None or per_route.get(route, 0) >= 8 or skip.search(path):
                    continue
                visited.add(path)
                per_route[route] = per_route.get(route, 0) + 1
                status, headers, body = client.get(path)
                fetched += 1
                if status >= 500 or (html_response(headers) and unescaped(body)):
                    problems.append(f"GET {path} after the payloads: {status}{', unescaped' if unescaped(body) else ''}")
                if html_response(headers):
                    shown += "&lt;script&gt;alert(" in body
                    queue += [urllib.parse.urljoin(path, html.unescape(href)) for href in re.findall(r'<a [^>]*href="(/[^"#]*)', body)]
        record(f"escaped: {fetched} pages fetched by four roles after the payloads (every GET route, links followed) escape what was stored; {shown} show a payload as text",
               not problems and shown >= 50, "; ".join(problems[:8]) + f" (shown {shown})")
        for path in ["/evenements/alliances-2027/inscrits.csv", "/labs/alsace/barometre.csv", "/api/v1/labs/alsace/organisations", f"/api/v1/labs/alsace/partnerships/{partnership}",
                     "/api/v1/labs/alsace/listings", "/api/v1/events/alliances-2027/registrations", "/evenements/alliances-2027/schedule.json", "/evenements/alliances-2027/programme.ics"]:
            status, headers, body = admin.get(path)
            kind = headers.get("Content-Type", "")
            record(f"exports: {path} is served as data, never as HTML", status == 200 and "html" not in kind, f"status {status}, {kind}")
        tables_after = set(r[0] for r in query("SELECT name FROM sqlite_master WHERE type = 'table'"))
        record("SQL injection: every table is still there", tables_before <= tables_after, str(tables_before - tables_after))

    # Security headers on every response fetched.
    missing = []
    for client in list(clients.values()) + [guest]:
        for method, path, status, headers in client.responses:
            csp = headers.get("Content-Security-Policy", "")
            script = re.search(r"script-src ([^;]*)", csp)
            ok = (csp and "frame-ancestors" in csp and script and "unsafe-inline" not in script.group(1)
                  and headers.get("X-Content-Type-Options", "").lower() == "nosniff" and headers.get("Referrer-Policy"))
            if not path.startswith("/static/") and "no-store" not in headers.get("Cache-Control", ""):
                ok = False
            if not ok:
                missing.append(f"{method} {path} ({status})")
    total = sum(len(c.responses) for c in list(clients.values()) + [guest])
    record(f"headers: CSP (no inline script, frame-ancestors), nosniff, Referrer-Policy and Cache-Control: no-store (but the stylesheet) on all {total} responses",
           not missing, "; ".join(missing[:5]))
    server_errors = [(m, p, s) for c in list(clients.values()) + [guest] for m, p, s, _ in c.responses if s >= 500]
    record("no 5xx in any of those responses", not server_errors, str(server_errors[:5]))

# The server's log, once it has stopped: no secret seen above appears in it.
with open(server.log_path, encoding="utf-8", errors="replace") as log:
    logged = log.read()
leaked = sorted(secret for secret in SECRETS if len(secret) >= 20 and secret in logged)
record(f"log: none of the {len(SECRETS)} session ids, CSRF tokens and private links used appears in the server's log ({len(logged.splitlines())} lines)",
       bool(logged) and not leaked, f"{len(leaked)} found, e.g. {leaked[:1]}")

failed = results.count(False)
print(f"security: {len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
