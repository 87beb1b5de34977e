"""The record schema: one pydantic model per record type, the single source of truth."""

from .base import Record
from .cas_usage import CasUsage
from .configuration import Configuration
from .data import CommunesFile, Programme
from .demonstrateur import Demonstrateur
from .parcours import Parcours
from .retour_experience import RetourExperience

RECORD_TYPES: tuple[type[Record], ...] = (Parcours, CasUsage, Demonstrateur, RetourExperience)
BY_SECTION: dict[str, type[Record]] = {model.section: model for model in RECORD_TYPES}

__all__ = ["BY_SECTION", "RECORD_TYPES", "CasUsage", "CommunesFile", "Configuration", "Demonstrateur",
           "Parcours", "Programme", "Record", "RetourExperience"]
