"""Settings split by environment: ``base`` (embedded default), ``test``, ``production``."""
