#!/usr/bin/env python3
"""Checks the demo event's exports against real consumers' expectations:
the .ics feeds with the `icalendar` library (RFC 5545 parser), schedule.json and
schedule.xml against the frab/c3voc format (field by field, and against the JSON Schema and
XSD in scripts/schemas with the `jsonschema` and `lxml` libraries). Starts the server on a fresh SQLite database with the demo data.

Usage: check_exports.py PATH_TO_ALLIANCES_BINARY PYTHON_WITH_ICALENDAR
"""
import json, os, re, socket, subprocess, sys, tempfile, time, urllib.request, urllib.parse, http.cookiejar

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server import DemoServer

binary, python = sys.argv[1], sys.argv[2]
server = DemoServer(binary, prefix="alliances-exports-").__enter__()
work, base = server.work, server.base
failures = []

def check(condition, message):
    if not condition:
        failures.append(message)

try:
    feed = urllib.request.urlopen(base + "/evenements/alliances-2027/programme.ics").read()
    # Register, choose a workshop, fetch the personal feed (a browser with cookies and the CSRF token).
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/evenements/alliances-2027/inscription").read().decode()
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"_csrf": token, "name": "Camille Test", "email": "camille@example.org", "region": "44"}).encode()
    opener.open(base + "/evenements/alliances-2027/inscription", form).read()
    # The guest's link arrives by e-mail: the default transport writes .eml files.
    outbox = os.path.join(work, "data", "outbox")
    link = None
    for _ in range(200):
        for name in (os.listdir(outbox) if os.path.isdir(outbox) else []):
            found = re.search(r"(http://127\.0\.0\.1:\d+/evenements/alliances-2027/inscription/[A-Za-z0-9_-]+)", open(os.path.join(outbox, name)).read())
            if found:
                link = found.group(1)
        if link:
            break
        time.sleep(0.1)
    check(link is not None, "no confirmation message with a link in the outbox folder")
    personal = link
    opener.open(personal + "/confirmer", urllib.parse.urlencode({"_csrf": token}).encode()).read()
    page = opener.open(personal).read().decode()
    action = re.search(r'action="(/evenements/alliances-2027/inscription/[^"]+/sessions/\d+)"', page)
    check(action is not None, "no workshop to choose on the personal page")
    if action:
        opener.open(base + action.group(1), urllib.parse.urlencode({"_csrf": token}).encode())
    mine = opener.open(personal + "/agenda.ics").read()

    check_script = r'''
import sys, icalendar
for path, expected in ((sys.argv[1], 18), (sys.argv[2], None)):
    raw = open(path, "rb").read()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "lines must end with CRLF"
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, "line longer than 75 octets: %r" % line[:80]
    cal = icalendar.Calendar.from_ical(raw)
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"
    events = cal.walk("VEVENT")
    if expected is not None:
        assert len(events) == expected, len(events)
    uids = set()
    for e in events:
        for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL"):
            assert key in e, key
        assert e["DTSTART"].params.get("TZID") == "Europe/Paris"
        assert str(e["URL"]) in str(e.get("DESCRIPTION", "")), "the link must be in DESCRIPTION too"
        assert e["DTSTART"].dt.utcoffset().total_seconds() == 3600, "8 January is winter time in Paris"
        uids.add(str(e["UID"]))
    assert len(uids) == len(events), "UIDs must be unique"
    if expected is None:
        titles = [str(e["SUMMARY"]) for e in events]
        assert any(t.startswith("Atelier 1.") for t in titles), titles
        assert not any(t.startswith("Atelier 2.") for t in titles), "only the chosen workshop"
print("ics ok")
'''
    paths = [os.path.join(work, "feed.ics"), os.path.join(work, "mine.ics")]
    open(paths[0], "wb").write(feed); open(paths[1], "wb").write(mine)
    result = subprocess.run([python, "-c", check_script, *paths], capture_output=True, text=True)
    check(result.returncode == 0, "icalendar check failed: " + result.stderr[-800:])

    schedule = json.load(urllib.request.urlopen(base + "/evenements/alliances-2027/schedule.json"))
    conf = schedule["schedule"]["conference"]
    check(schedule["schedule"]["version"], "schedule.version")
    for key in ("acronym", "title", "start", "end", "daysCount", "timeslot_duration", "time_zone_name", "rooms", "days"):
        check(key in conf, f"conference.{key} missing")
    check(conf["time_zone_name"] == "Europe/Paris", "time zone")
    day = conf["days"][0]
    for key in ("index", "date", "day_start", "day_end", "rooms"):
        check(key in day, f"day.{key} missing")
    talks = [t for room in day["rooms"].values() for t in room]
    check(len(talks) == 18, f"18 sessions expected, got {len(talks)}")
    for t in talks:
        for key in ("id", "guid", "date", "start", "duration", "room", "slug", "title", "subtitle", "track", "type", "language",
                    "abstract", "description", "persons", "links", "url"):
            check(key in t, f"event.{key} missing in {t.get('title')}")
        check(re.fullmatch(r"\d\d:\d\d", t["duration"]) is not None, f"duration {t['duration']}")
        check(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", t["guid"]) is not None, f"guid {t['guid']}")
        check(t["date"].endswith("+01:00"), f"date {t['date']}")
    check(len({t["guid"] for t in talks}) == len(talks), "guids must be unique")
    uuid = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    room_guids = {r["name"]: r.get("guid", "") for r in conf["rooms"]}
    check(all(re.fullmatch(uuid, g) for g in room_guids.values()), f"every room has a UUID guid: {room_guids}")
    check(len(set(room_guids.values())) == len(room_guids), "room guids are unique")
    check(set(room_guids) == set(day["rooms"]), "the rooms listed are the rooms of the day")
    again = json.load(urllib.request.urlopen(base + "/evenements/alliances-2027/schedule.json"))
    check({r["name"]: r["guid"] for r in again["schedule"]["conference"]["rooms"]} == room_guids, "room guids are stable")

    import xml.etree.ElementTree as ET
    root = ET.fromstring(urllib.request.urlopen(base + "/evenements/alliances-2027/schedule.xml").read())
    check(root.tag == "schedule" and root.findtext("conference/time_zone_name") == "Europe/Paris", "schedule.xml conference")
    check(all(room.get("guid") == room_guids.get(room.get("name")) for room in root.findall("day/room")),
          "schedule.xml gives each room the guid of schedule.json")
    xml_events = root.findall("day/room/event")
    check(len(xml_events) == 18, f"schedule.xml: 18 events expected, got {len(xml_events)}")
    check({e.get("guid") for e in xml_events} == {t["guid"] for t in talks}, "schedule.xml and schedule.json name the same events")
    for e in xml_events:
        for tag in ("date", "start", "duration", "room", "slug", "title", "track", "type", "language", "persons"):
            check(e.find(tag) is not None, f"schedule.xml event lacks {tag}")

    # Both frab files of both demo rencontres against the format's schemas (JSON Schema with
    # the `jsonschema` library, XSD with `lxml`), and a broken copy of each, which must fail.
    schema_script = r'''
import json, sys, copy, jsonschema, lxml.etree as etree
here, files = sys.argv[1], sys.argv[2:]
schema = json.load(open(here + "/schemas/frab-schedule.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
json_validator = jsonschema.Draft202012Validator(schema)
xsd = etree.XMLSchema(etree.parse(here + "/schemas/frab-schedule.xsd"))
for path in files:
    if path.endswith(".json"):
        document = json.load(open(path))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in json_validator.iter_errors(document)]
        assert not errors, f"{path}: " + "; ".join(errors[:5])
        broken = copy.deepcopy(document)
        del next(iter(broken["schedule"]["conference"]["days"][0]["rooms"].values()))[0]["guid"]
        broken["schedule"]["conference"]["rooms"][0]["guid"] = "pas-un-uuid"
        assert len(list(json_validator.iter_errors(broken))) >= 2, "the JSON schema must reject a broken file"
    else:
        document = etree.parse(path)
        assert xsd.validate(document), f"{path}: " + "; ".join(str(e) for e in list(xsd.error_log)[:5])
        document.getroot().find("day/room/event").attrib.pop("guid")
        assert not xsd.validate(document), "the XSD must reject an event without guid"
print("schemas ok")
'''
    files = []
    for slug in ("alliances-2027", "pionniers-2015"):
        for ext in ("json", "xml"):
            path = os.path.join(work, f"{slug}.{ext}")
            open(path, "wb").write(urllib.request.urlopen(f"{base}/evenements/{slug}/schedule.{ext}").read())
            files.append(path)
    result = subprocess.run([python, "-c", schema_script, os.path.dirname(os.path.abspath(__file__)), *files],
                            capture_output=True, text=True)
    check(result.returncode == 0, "frab schema check failed: " + (result.stdout + result.stderr)[-800:])
finally:
    server.__exit__(None, None, None)

if failures:
    print("\n".join(failures)); sys.exit(1)
print("exports ok: programme.ics, personal agenda.ics (icalendar), schedule.json, schedule.xml (rooms with stable guids),"
      " both valid against scripts/schemas (JSON Schema, XSD)")
