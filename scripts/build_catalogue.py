#!/usr/bin/env python3
"""Placeholder: the scale-up catalogue is computed by `hubia catalogue` (issue « Catalogue »)."""

import sys

sys.exit("Le catalogue de passage à l'échelle n'est pas encore disponible : il arrive avec la "
         "demande « Scale-up catalogue with 50 % funding » (commande « hubia catalogue »).")
