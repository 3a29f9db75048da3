#!/usr/bin/python3
"""Make the workbooks the annotation tests read (run with Debian's python3):

    /usr/bin/python3 make_workbooks.py

classeur-openpyxl.xlsx is written by openpyxl like a filled CLS-RAE/1
reporting workbook (values, formulas, defined names, a validation list,
sheet protection, a comment of the sender, number formats); the test script
then converts it with LibreOffice to classeur-libreoffice.xlsx:

    soffice --headless --norestore --convert-to 'xlsx:Calc MS Excel 2007 XML' \
        --outdir lo classeur-openpyxl.xlsx && mv lo/classeur-openpyxl.xlsx classeur-libreoffice.xlsx
"""
import datetime

import openpyxl
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.styles import Font, Protection

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Lisez-moi"
ws["A1"] = "Rapport annuel d'exécution — contrat local des solidarités (données fictives)"
ws["A3"] = "Renvoyez ce classeur rempli à rapports-cls@example.test."

ident = wb.create_sheet("Identification")
for i, (k, v) in enumerate([("Collectivité", "Département de l'Ain"), ("SIREN", "220100010"), ("Année", 2025),
                            ("Référent", "Camille Martin"), ("Courriel", "camille.martin@example.test"),
                            ("Téléphone", "04 74 00 00 00"),
                            ("Date de transmission", datetime.date(2026, 3, 20))], start=2):
    ident.cell(row=i, column=1, value=k).font = Font(bold=True)
    ident.cell(row=i, column=2, value=v)
ident["B8"].number_format = "DD/MM/YYYY"

act = wb.create_sheet("Actions")
headers = ["Code action", "Axe", "Intitulé", "Nature", "État prévu (€)", "Collectivité prévu (€)",
           "État réalisé (€)", "Collectivité réalisé (€)", "Autres financeurs (€)", "Statut", "Commentaire"]
act["A1"] = "Actions du contrat — exercice 2025"
for c, h in enumerate(headers, start=1):
    act.cell(row=6, column=c, value=h).font = Font(bold=True)
rows = [
    ("ENF-01", "Enfance", "Petits déjeuners à l'école", "Nouvelle", 120000, 120000, 98000.5, 90000, 0, "En cours", "=attention"),
    ("ENF-02", "Enfance", "Accueil du jeune enfant", "Renforcée", 80000, 80000, 80000, 82000, 1500, "Réalisée", ""),
    ("DRO-01", "Accès aux droits", "Aller vers les publics", "Nouvelle", 50000, 50000, "12 345,67 €", 50000, 0, "En cours", "+33 texte"),
]
for r, row in enumerate(rows, start=7):
    for c, v in enumerate(row, start=1):
        if v != "":
            act.cell(row=r, column=c, value=v)
    for c in range(5, 10):
        act.cell(row=r, column=c).number_format = '#,##0.00 "€"'
    for c in range(7, 12):
        act.cell(row=r, column=c).protection = Protection(locked=False)
act["A10"] = "Total"
for col in "EFGHI":
    act[f"{col}10"] = f"=SUM({col}7:{col}9)"
    act[f"{col}10"].number_format = '#,##0.00 "€"'
act["G7"].comment = Comment("Montant provisoire, à confirmer.", "Camille Martin")
dv = DataValidation(type="list", formula1='"Réalisée,En cours,Non démarrée,Abandonnée"', allow_blank=True)
act.add_data_validation(dv)
dv.add("J7:J9")
act.protection.sheet = True

ind = wb.create_sheet("Indicateurs")
for c, h in enumerate(["Code action", "Code indicateur", "Indicateur", "Unité", "Référence", "Cible", "Réalisé",
                       "Commentaire"], start=1):
    ind.cell(row=4, column=c, value=h).font = Font(bold=True)
ind.append(["ENF-01", "ENF-01-I1", "Enfants bénéficiaires", "personnes", 100, 150, None, None])
ind.append(["ENF-02", "ENF-02-I1", "Places créées", "places", 10, 20, 25, "@voir annexe"])

syn = wb.create_sheet("Synthèse")
syn["A4"], syn["B4"], syn["C4"], syn["D4"] = "Axe", "Prévu", "Réalisé", "Taux"
syn["A5"], syn["B5"], syn["C5"], syn["D5"] = "Enfance", "=E7+E8+F7+F8", "=G7+G8+H7+H8", "=C5/B5"
syn["D5"].number_format = "0.0%"

com = wb.create_sheet("Commentaires")
com["A1"] = "Commentaires libres : RAS."

for name, ref in [("pactd_modele", '"CLS-RAE/1"'), ("pactd_siren", '"220100010"'), ("pactd_annee", "2025"),
                  ("pactd_empreinte", '"f00d"'), ("pactd_actions", "Actions!$A$6:$K$9")]:
    wb.defined_names.append(DefinedName(name, attr_text=ref))
wb.save("classeur-openpyxl.xlsx")
