"""Hub IA: the knowledge hub of the Métropole du Grand Paris's AI programme."""

__version__ = "0.1.0"
