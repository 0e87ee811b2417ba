"""The inventory: organizations (a tree) and the systems they run."""

from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "privdocs.inventory"
    label = "inventory"
    verbose_name = "Inventory"
