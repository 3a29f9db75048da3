#!/usr/bin/python3
"""Write the register fixtures of templates/register_test.go with openpyxl.

Run from this directory with Debian's python (it has openpyxl):
    /usr/bin/python3 make_fixtures.py
then re-save valid.xlsx with LibreOffice into valid_libreoffice.xlsx:
    soffice --headless --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir lo valid.xlsx && mv lo/valid.xlsx valid_libreoffice.xlsx

The files are written the way people write registers by hand: titles above
the headers, columns in any order, labels and values in odd case and
accents, numbered axis labels, numbers typed as French text.
"""
import datetime
import openpyxl

NBSP, NNBSP = "\u00a0", "\u202f"


def territories(ws, rows):
    ws.append(["Registre des engagements (essai)"])
    ws.append(["Données fictives à des fins de démonstration"])
    ws.append(["  siren ", "NOM", "type", "Département", "Nombre d'axes", "Plafond annuel  Etat (€)",
               "Expéditeurs autorisés", "destinataires", "Région"])
    for r in rows:
        ws.append(r)
    ws.append([])
    ws.append([None] * 8 + ["Source : fichier d'essai"])


VALID_TERRITORIES = [
    [220100010, "Département de l'Ain", "DÉPARTEMENT", 1, 3, 500000, "@ain.fr; Cls.Referent@Ain.fr",
     "solidarites@ain.fr", "Auvergne-Rhône-Alpes"],
    ["243 300 316", "Bordeaux  Métropole", "metropole", "33", "4", "1" + NBSP + "200" + NBSP + "000,00" + NBSP + "€",
     "@bordeaux-metropole.fr", "dgs@bordeaux-metropole.fr;  pacte@bordeaux-metropole.fr", "Nouvelle-Aquitaine"],
    ["200076958", "Collectivité de Corse", "Collectivité territoriale", "2A 2B", 3, 300000.5, None, None, "Corse"],
]

ACTION_HEADERS = ["Nature", "Axe", "Intitulé", "SIREN", "  Code   ACTION ", "ANNEE", "Collectivite prevu (€)",
                  "Etat prevu", "Commentaire interne"]

VALID_ACTIONS = [
    ["NOUVELLE", "Axe 1 - Prévenir la pauvreté et lutter contre les inégalités dès l'enfance",
     "Accueil des jeunes enfants", 220100010, "ENF-01", 2024, 120000, 120000, "priorité"],
    ["Nouvelle", "Axe 1 - Prévenir la pauvreté et lutter contre les inégalités dès l'enfance",
     "Accueil des jeunes enfants", "220100010", "enf-01", "2025", 120000.5, 120000.5, None],
    [None] * 9,
    ["renforcee", "2. Lutter contre la grande exclusion grâce à l'accès aux droits", "Premiers  accès aux droits",
     220100010, "ACD-01", 2025, 45678.91, "45" + NNBSP + "678,91" + NNBSP + "€", None],
    ["Renforcée", "III) transition écologique", "Précarité énergétique", 220100010, "TRA-01", 2025, "25000,00", 25000,
     None],
    ["Nouvelle", "EMPLOI", "Accompagnement vers l'emploi", "243300316", "EMP-01", 2025, 300000, 300000, None],
    ["Nouvelle", "enfance", "Petits déjeuners", 243300316, "ENF-01", 2026, 10000, 10000, None],
    ["Nouvelle", "Accès aux droits (axe transversal)", "Domiciliation", 200076958, "ACD-01", 2024, 5000, 5000, None],
]

INDICATOR_HEADERS = ["SIREN", "Code action", "Code indicateur", "Indicateur", "Unité ", "Valeur de référence", "Année",
                     "Cible"]

VALID_INDICATORS = [
    [220100010, "ENF-01", "ENF-01-I1", "Enfants accueillis", "personnes", 120, 2024, 130],
    [220100010, "ENF-01", "ENF-01-I1", "Enfants accueillis", "personnes", 120, 2025, 140],
    [220100010, "ENF-01", "ENF-01-I2", "Taux d'occupation", "%", None, 2025, "85,5"],
    [220100010, "ACD-01", "ACD-01-I1", "Ménages accompagnés", "ménages", 300, 2025, 350],
    [243300316, "EMP-01", "EMP-01-I1", "Retours à l'emploi", "personnes", 0, 2025, 50],
]

VALID_CALENDAR = [
    [2024, datetime.datetime(2025, 3, 31)],
    [2025, "15/04/2026"],
]


def write(path, terr, actions, indicators, calendar, sheets=("territoires", "actions", "INDICATEURS", "calendrier")):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheets[0]
    territories(ws, terr)
    ws = wb.create_sheet(sheets[1])
    ws.append(["Actions des contrats"])
    ws.append([])
    ws.append(ACTION_HEADERS)
    for r in actions:
        ws.append(r)
    if indicators is not None:
        ws = wb.create_sheet(sheets[2])
        ws.append(INDICATOR_HEADERS)
        for r in indicators:
            ws.append(r)
    if calendar is not None:
        ws = wb.create_sheet(sheets[3])
        ws.append(["Données fictives à des fins de démonstration"])
        ws.append(["Année", "Date limite"])
        for r in calendar:
            ws.append(r)
            if isinstance(r[1], datetime.datetime):
                ws.cell(row=ws.max_row, column=2).number_format = "DD/MM/YYYY"
    wb.save(path)


write("valid.xlsx", VALID_TERRITORIES, VALID_ACTIONS, VALID_INDICATORS, VALID_CALENDAR)

# One bad cell: the État prévu of ACD-01 (row 7 of actions, column H).
bad = [list(r) for r in VALID_ACTIONS]
bad[3][7] = "quarante mille"
write("one_bad_cell.xlsx", VALID_TERRITORIES, bad, VALID_INDICATORS, VALID_CALENDAR)

# Many problems at once, each on a known cell (see register_test.go).
many_territories = [list(r) for r in VALID_TERRITORIES] + [
    ["220100011", "Département bidon", "Région", "01", 5, -10, "pas une adresse", "@ain.fr", None],  # row 7
    [220100010, "Département de l'Ain (bis)", "Département", "20", 3, "beaucoup", "@ain", "x@", None],  # row 8
]
many_actions = [list(r) for r in VALID_ACTIONS] + [
    ["Nouvelle", "Amplifier la politique d'accès à l'emploi pour tous", "Emploi dans l'Ain", 220100010, "EMP-01",
     2025, 1000, 1000, None],  # row 12: EMPLOI in a 3-axis contract
    ["Nouvelle", "Axe 9 - Culture pour tous", "Culture", 220100010, "CUL-01", 2025, 1000, 1000, None],  # row 13
    ["Nouvelle", "enfance", "Accueil des jeunes enfants", 220100010, "ENF-01", 2025, 1, 1, None],  # row 14: duplicate
    ["Nouvelle", "enfance", "Action orpheline", 221300015, "ENF-09", 2025, 1000, 1000, None],  # row 15: unknown SIREN
    ["Nouvelle", "enfance", "Montant négatif", 220100010, "ENF-02", 2025, -5, "abc", None],  # row 16
    ["Expérimentale", "enfance", "Année hors contrat", 220100010, "ENF-03", 2031, 1000, 1000, None],  # row 17
]
many_indicators = [list(r) for r in VALID_INDICATORS] + [
    [220100010, "ENF-77", "ENF-77-I1", "Indicateur orphelin", "personnes", 1, 2025, 2],  # row 7
    [220100010, "ACD-01", "ACD-01-I2", "Taux de recours", "%", 50, 2025, 120],  # row 8
]
many_calendar = VALID_CALENDAR + [[2026, "bientôt"]]  # row 5
write("many_problems.xlsx", many_territories, many_actions, many_indicators, many_calendar)

# Missing sheet and missing column.
ACTION_HEADERS_SAVED = ACTION_HEADERS
ACTION_HEADERS = [h if h != "Nature" else "Genre" for h in ACTION_HEADERS]
write("missing_parts.xlsx", VALID_TERRITORIES, VALID_ACTIONS, None, None)
ACTION_HEADERS = ACTION_HEADERS_SAVED
