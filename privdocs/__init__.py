"""privdocs: a privacy compliance registry (PTA, PIA, SORN, PCR, DPIA) with a public reading room."""

__version__ = "0.1.0"
