#!/usr/bin/env python3
"""Checks the demo lab's barometer as its consumers read it: every SVG chart is well-formed
XML with a title and a description (the page's figures are in tables beside), the CSV
export opens as French Excel reads it (UTF-8 with a byte-order mark, `;`, CRLF) and says
the same as the JSON API. Starts the server on a fresh SQLite database with the demo data.

Usage: check_barometer.py PATH_TO_ALLIANCES_BINARY
"""
import csv, io, json, os, re, sys, urllib.request
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server import DemoServer

binary = sys.argv[1]
server = DemoServer(binary, prefix="alliances-barometer-").__enter__()
base = server.base
failures = []

def check(condition, message):
    if not condition:
        failures.append(message)

try:
    page = urllib.request.urlopen(base + "/labs/alsace/barometre?annee=2026").read().decode()
    svgs = re.findall(r"<svg xmlns=.*?</svg>", page, re.S)
    check(len(svgs) >= 2, f"expected the bar and line charts, found {len(svgs)} SVG elements")
    for svg in svgs:
        try:
            root = ET.fromstring(svg)
        except ET.ParseError as error:
            failures.append(f"an SVG chart is not well-formed XML: {error}")
            continue
        ns = "{http://www.w3.org/2000/svg}"
        if root.get("role") == "img":
            check(root.find(ns + "title") is not None and (root.find(ns + "title").text or "").strip(), "a chart has no title")
            check(root.find(ns + "desc") is not None and (root.find(ns + "desc").text or "").strip(), "a chart has no description")
    raw = urllib.request.urlopen(base + "/labs/alsace/barometre.csv?annee=2026").read()
    check(raw.startswith(b"\xef\xbb\xbf"), "the CSV has no UTF-8 byte-order mark")
    check(b"\r\n" in raw, "the CSV lines do not end with CRLF")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    check(rows[0][:6] == ["Indicateur", "Période", "Acteurs", "Population", "Nombre", "Part (%)"], f"unexpected CSV header {rows[0]}")
    check(all(len(row) == len(rows[0]) for row in rows), "CSV rows do not all have the header's number of fields")
    api = json.loads(urllib.request.urlopen(base + "/api/v1/labs/alsace/barometer?annee=2026").read())
    by_label = {row[2]: row for row in rows if row[0] == "Acteurs engagés"}
    for segment in api["segments"]:
        row = by_label.get(segment["label"])
        check(row is not None, f"segment {segment['key']} missing from the CSV")
        if row:
            share = segment["share"]
            check(int(row[3]) == share["population"] and int(row[4]) == share["count"], f"CSV and API differ for {segment['key']}: {row} vs {share}")
            if share["ratio"] is not None:
                check(abs(float(row[5].replace(",", ".")) - share["ratio"] * 100) < 0.06, f"CSV share differs for {segment['key']}")
    check(any(r["cited"] for r in api["references"]) and any(not r["cited"] for r in api["references"]), "references: cited and study figures expected")
finally:
    server.__exit__(None, None, None)

if failures:
    print("barometer check FAILED:")
    for failure in failures:
        print(" -", failure)
    sys.exit(1)
print(f"barometer check passed: {len(svgs)} SVG charts well-formed with title and description, CSV ({len(rows) - 1} rows) opens as Excel reads it and matches the API")
