#!/usr/bin/env python3
"""Writes a synthetic RNA waldec file (official column list, ';'-separated, CRLF) for
benchmarks: N associations spread over the communes given, a few with quotes,
separators and newlines in their object, 5% dissolved.
Usage: make_rna_file.py N OUTPUT COMMUNE_CODE [COMMUNE_CODE ...]"""
import random
import sys

HEADER = ("id;id_ex;siret;rup_mi;gestion;date_creat;date_decla;date_publi;date_disso;nature;groupement;titre;titre_court;"
          "objet;objet_social1;objet_social2;adrs_complement;adrs_numvoie;adrs_repetition;adrs_typevoie;adrs_libvoie;"
          "adrs_distrib;adrs_codeinsee;adrs_codepostal;adrs_libcommune;adrg_declarant;adrg_complemid;adrg_complemgeo;"
          "adrg_libvoie;adrg_distrib;adrg_codepostal;adrg_achemine;adrg_pays;dir_civilite;siteweb;publiweb;observation;"
          "position;maj_time")
WORDS = ["solidarité", "jeunesse", "sport", "culture", "quartier", "jardins", "musique", "entraide", "parents", "anciens",
         "numérique", "théâtre", "randonnée", "écologie", "insertion", "santé", "école", "danse", "vélo", "lecture"]


def main():
    n, out, communes = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    rng = random.Random(2015)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "\r\n")
        for i in range(n):
            title = f"Association {rng.choice(WORDS)} {rng.choice(WORDS)} {i}"
            obj = f"Promouvoir {rng.choice(WORDS)} et {rng.choice(WORDS)}"
            if i % 50 == 0:
                obj = f"\"Objet; avec \"\"guillemets\"\"\r\net retour\""
            dissolved = i % 20 == 0
            f.write(";".join([
                f"W{750000000 + i:09d}", "", "", "", "751P", "1998-03-12", "1998-03-12", "1998-04-01",
                "2015-06-30" if dissolved else "0001-01-01", "D", "S", title, "", obj, "010000", "", "", "5", "",
                "RUE", "MASSERAN", "", rng.choice(communes), "75007", "PARIS", "", "", "", "", "", "", "", "FRANCE",
                "PF", "", "0", "", "D" if dissolved else "A", "2024-01-01 00:00:00",
            ]) + "\r\n")


if __name__ == "__main__":
    main()
