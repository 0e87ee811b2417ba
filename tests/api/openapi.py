"""A small checker of JSON answers against the schemas of the served OpenAPI document.

It knows the parts of JSON Schema the API's document uses: ``$ref``, ``anyOf``,
``type``, ``properties`` with ``required`` (an object with properties may hold no
other key), ``items``, ``enum`` and the ``date`` format.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def operation_for(document: dict[str, Any], path: str) -> str:
    """The path template of the document that a request path falls under."""
    for template in document["paths"]:
        pattern = re.sub(
            r"\{(\w+)\}",
            lambda match: ".+" if match[1] == "identifier" else "[^/]+",
            template,
        )
        if re.fullmatch(pattern, path):
            return str(template)
    raise AssertionError(f"{path} is not described in openapi.json")


def response_schema(
    document: dict[str, Any], template: str, status: int
) -> dict[str, Any]:
    """The schema the document promises for a GET of ``template`` answering ``status``."""
    responses = document["paths"][template]["get"]["responses"]
    assert str(status) in responses, f"{template} does not document status {status}"
    schema: dict[str, Any] = responses[str(status)]["content"]["application/json"][
        "schema"
    ]
    return schema


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def schema_errors(
    document: dict[str, Any], schema: dict[str, Any], value: Any, where: str = "$"
) -> list[str]:
    """Every way ``value`` breaks ``schema``, each named by its place; [] if none."""
    schema = _resolve(document, schema)
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            if not schema_errors(document, option, value, where):
                return []
        return [f"{where}: {value!r} matches none of {schema['anyOf']}"]
    errors: list[str] = []
    kind = schema.get("type")
    if kind is not None:
        allowed = _TYPES[kind]
        # bool is an int to Python, never to JSON.
        if not isinstance(value, allowed) or (
            isinstance(value, bool) and bool not in allowed
        ):
            return [f"{where}: expected {kind}, got {value!r}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not in {schema['enum']}")
    if schema.get("format") == "date" and isinstance(value, str):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            errors.append(f"{where}: {value!r} is not a date")
    if isinstance(value, dict) and "properties" in schema:
        properties = schema["properties"]
        missing = set(schema.get("required", ())) - set(value)
        unknown = set(value) - set(properties)
        errors += [f"{where}: missing {name!r}" for name in sorted(missing)]
        errors += [f"{where}: undocumented {name!r}" for name in sorted(unknown)]
        for name, item in value.items():
            if name in properties:
                errors += schema_errors(
                    document, properties[name], item, f"{where}.{name}"
                )
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            errors += schema_errors(
                document, schema["items"], item, f"{where}[{index}]"
            )
    return errors
