"""A check of a JSON value against the part of JSON Schema the catalog schema uses.

privdocs does not depend on a JSON Schema library; this covers the keywords of
docs/catalog-format.schema.json (and refuses any other, so the schema cannot
outgrow it unnoticed), which is enough to check a real export against the
committed file.
"""

from __future__ import annotations

import re
from typing import Any

#: The keywords this check understands; annotations (title, description) check nothing.
KEYWORDS = {
    "$ref",
    "$defs",
    "$schema",
    "additionalProperties",
    "anyOf",
    "const",
    "description",
    "enum",
    "items",
    "minItems",
    "minimum",
    "pattern",
    "properties",
    "required",
    "title",
    "type",
}

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "null": (type(None),),
}


def _is_type(value: Any, name: str) -> bool:
    if isinstance(value, bool):  # JSON true is no integer
        return False
    return isinstance(value, _TYPES[name])


def schema_errors(
    schema: dict[str, Any], value: Any, *, root: dict[str, Any], path: str = "$"
) -> list[str]:
    """Every place where ``value`` breaks ``schema``, as ``path: reason``."""
    unknown = set(schema) - KEYWORDS
    if unknown:
        raise ValueError(f"{path}: keywords this check does not know: {unknown}")
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return schema_errors(root["$defs"][name], value, root=root, path=path)
    if "anyOf" in schema:
        options = [
            schema_errors(option, value, root=root, path=path)
            for option in schema["anyOf"]
        ]
        if all(options):
            return [f"{path}: matches none of anyOf: {options}"]
        return []
    errors: list[str] = []
    if "type" in schema and not _is_type(value, schema["type"]):
        return [f"{path}: {value!r} is not of type {schema['type']}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} is not one of {schema['enum']}")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if "minimum" in schema and value < schema["minimum"]:
        errors.append(f"{path}: {value!r} is below {schema['minimum']}")
    if "minItems" in schema and len(value) < schema["minItems"]:
        errors.append(f"{path}: fewer than {schema['minItems']} items")
    if "items" in schema:
        for position, item in enumerate(value):
            errors += schema_errors(
                schema["items"], item, root=root, path=f"{path}[{position}]"
            )
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        errors += [
            f"{path}.{name}: missing"
            for name in schema.get("required", ())
            if name not in value
        ]
        if schema.get("additionalProperties") is False:
            errors += [
                f"{path}.{name}: not allowed"
                for name in value
                if name not in properties
            ]
        for name, item in value.items():
            if name in properties:
                errors += schema_errors(
                    properties[name], item, root=root, path=f"{path}.{name}"
                )
    return errors
