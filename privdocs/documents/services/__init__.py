"""Services that change privacy documents: the catalog import (catalog) and the
workflow from draft to publication (workflow). Every state change goes through here."""
