"""A row per use case in the columns of the EU Public Sector Tech Watch dataset.

The columns are those of the dataset « Public Sector Tech Watch latest dataset of selected
cases » (European Commission, Joint Research Centre, data.europa.eu), in its order; its
first column, the PSTW identifier, is assigned by the observatory and stays empty. The
benefit columns take an « x » only where the observatory's analysts judged a benefit: the hub
makes no such judgement and leaves them empty. Written under the hub's CSV rules
(text/csv_rules.py), like every other export.
"""

from __future__ import annotations

from ..hub import Entry, Hub
from ..models.cas_usage import StatutCas, TypeIA
from ..text import csv_rules
from .systems import page_url

FILE = "public-sector-tech-watch.csv"
COLUMNS = (
    "PSTW ID", "Name", "Website", "Description", "Geographical extent",
    "Geographical coverage (country)", "NUTS 2021", "Responsible organisation",
    "Responsible organisation category", "Functions of Government (COFOG level I)",
    "Functions of Government (COFOG level II)", "Status", "Start Year", "End Year",
    "Process type", "Application type", "Cross Border", "Cross Sector", "Primary Technology",
    "Secondary Technology", "Interaction", "Improved Public Service", "Personalized Services",
    "Public (citizen)-centered services", "Increase quality of PSI and services",
    "More responsive, efficient, and cost-effective public services",
    "New services or channels", "Improved Administrative Efficiency", "Cost-reduction",
    "Responsiveness of government operation", "Improved management of public resources",
    "Increased quality of processes and systems",
    "Better collaboration and better communication",
    "Reduced or eliminated the risk of corruption and abuse of the law by public servants",
    "Enabled greater fairness, honesty, equality", "Open government capabilities",
    "Increased transparency of public sector operations",
    "Increased public participation in government actions and policy making",
    "Improved public control and influence on government actions and policies", "Source",
    "AI Classification (I)", "AI Classification Subdomain (II) (main)",
    "AI Classification Subdomain (II) (Other I)", "AI Classification Subdomain (II) (Other II)",
    "AI Classification Subdomain (II) (Other III)", "AI Keywords", "Collaboration type",
    "Procurement (EU Model Contractual AI)", "Funding source", "GovTech",
    "Company name or GovTech ID", "GovTech Initiative + ID", "Open components in input",
    "Open components in output", "Stories link", "Date updated")
_STATUS = {StatutCas.EXPERIMENTATION: "Pilot", StatutCas.CONCLUANT: "Implemented",
           StatutCas.NON_CONCLUANT: "Not in use", StatutCas.ABANDONNE: "Not in use"}
# The dataset's AI classification (domain, main subdomain) for our kinds of AI.
_AI = {TypeIA.GENERATIVE: ("Communication", "Natural language processing"),
       TypeIA.LANGAGE: ("Communication", "Natural language processing"),
       TypeIA.VISION: ("Perception", "Computer vision"),
       TypeIA.PREDICTIVE: ("Learning", "Machine learning"),
       TypeIA.OPTIMISATION: ("Reasoning", "Planning and Scheduling"),
       TypeIA.AUTRE: ("", "")}
# COFOG functions (levels I and II) of the Métropole's tracks; another hub's track has none.
COFOG = {"energie-batiments-publics": ("Economic affairs", "Fuel and energy"),
         "aires-de-livraison": ("Economic affairs", "Transport"),
         "simplification-administrative": ("General public services", "General services"),
         "reemploi-materiaux": ("Environmental protection", "Waste management")}
# NUTS 2021 level-3 regions of the Métropole's départements (first two digits of INSEE codes).
NUTS = {"75": "FR101", "91": "FR104", "92": "FR105", "93": "FR106", "94": "FR107",
        "95": "FR108"}


def row(hub: Hub, case: Entry) -> dict[str, str]:
    r = case.record
    t = r.transparence
    domain, subdomain = _AI[r.ia.type_ia]
    cofog = COFOG.get(r.parcours, ("", ""))
    regions = sorted({NUTS.get(code[:2], "") for code in r.communes} - {""})
    values = {
        "Name": r.titre, "Website": page_url(hub, case), "Description": r.resume,
        "Geographical extent": "Local", "Geographical coverage (country)": "France",
        "NUTS 2021": ", ".join(regions),
        "Responsible organisation": ", ".join(hub.communes.name(c) for c in r.communes),
        "Responsible organisation category": "Local Government",
        "Functions of Government (COFOG level I)": cofog[0],
        "Functions of Government (COFOG level II)": cofog[1],
        "Status": _STATUS[r.statut], "Start Year": str(r.periode.debut.year),
        "End Year": str(r.periode.fin.year) if r.periode.fin else "",
        "Cross Border": "No", "Cross Sector": "No",
        "Primary Technology": "Artificial Intelligence",
        "Interaction": "G2C" if t is not None and t.face_au_public else "G2G",
        "Source": page_url(hub, case), "AI Classification (I)": domain,
        "AI Classification Subdomain (II) (main)": subdomain,
        "AI Keywords": ", ".join(r.etiquettes),
        "Date updated": r.mis_a_jour.strftime("%d/%m/%Y"),
    }
    return {column: values.get(column, "") for column in COLUMNS}


def files(hub: Hub) -> dict[str, bytes]:
    cases = sorted(hub.section("cas-usage"), key=lambda e: e.slug)
    return {FILE: csv_rules.table(COLUMNS, (row(hub, case).values() for case in cases))}
