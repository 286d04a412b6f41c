#!/usr/bin/env python3
"""Compares Alliances' QR encoder (AlliancesCore/Events/QRCode.swift, printed by
`alliances-bench qr`) with the `qrcode` Python library, module by module: byte mode,
level M, every version 1–10 and every mask.

Usage: check_qr.py PATH_TO_ALLIANCES_BENCH PYTHON_WITH_QRCODE
"""
import subprocess, sys

bench, python = sys.argv[1], sys.argv[2]
oracle = r'''
import sys, qrcode, qrcode.util
text, version, mask = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
qr = qrcode.QRCode(version=version, error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=mask)
qr.add_data(qrcode.util.QRData(text.encode("utf-8"), mode=qrcode.util.MODE_8BIT_BYTE))
qr.make(fit=False)
print("version", qr.version)
for row in qr.modules:
    print("".join("1" if m else "0" for m in row))
'''
samples = ["https://alliances.example/evenements/alliances-2027/pointage?code=K7Q4M2XA",
           "Rencontre des pionniers — 8 janvier 2015", "A", "x" * 150]
failures = 0
checked = 0
for text in samples:
    for version in range(1, 11):
        for mask in range(8):
            ours = subprocess.run([bench, "qr", text, str(version), str(mask)], capture_output=True, text=True)
            if ours.returncode != 0:
                continue  # too long for this version: nothing to compare
            theirs = subprocess.run([python, "-c", oracle, text, ours.stdout.split()[1], str(mask)], capture_output=True, text=True)
            if theirs.returncode != 0:
                print("oracle failed:", theirs.stderr[-300:]); failures += 1; continue
            checked += 1
            if ours.stdout != theirs.stdout:
                failures += 1
                print(f"differs: {text[:30]!r} version {ours.stdout.split()[1]} mask {mask}")
if failures or checked == 0:
    print(f"QR: {failures} differences in {checked} symbols"); sys.exit(1)
print(f"QR ok: {checked} symbols identical to the qrcode library")
