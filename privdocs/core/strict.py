"""Strict pydantic models for the project's file formats, and their errors as paths.

A format module declares its models on ``StrictModel`` (no coercion, no unknown
field) and raises ``refusal(...)`` from its validators. ``first_refusal`` turns
pydantic's ``ValidationError`` into the path of the bad value
(``series[3].versions[0].date``) and what is wrong with it, which the module words
as its own error (``FormatError``, ``TemplateError``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

#: The pydantic error type of every refusal raised by ``refusal``.
REFUSAL = "privdocs_refusal"


class StrictModel(BaseModel):
    """A model of a file format: strict types ("1" is not 1), unknown fields refused."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def refusal(message: str, *, at: str = "", **values: Any) -> PydanticCustomError:
    """An error for a validator to raise: ``message`` is formatted with ``path`` (of
    the value validated, then ``at`` below it: ``"versions[1].identifier"``) and
    ``values`` when the error is reported."""
    return PydanticCustomError(
        REFUSAL, message, {"message": message, "at": at, "values": values}
    )


@dataclass(frozen=True)
class Refusal:
    """The first error of a validation: where, what pydantic calls it, the value."""

    path: str
    kind: str
    value: Any
    #: For a ``refusal``: its message and values; otherwise pydantic's context.
    message: str = ""
    values: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """The refusal's own message, formatted with its path and values."""
        return self.message.format(path=self.path, **self.values)


def path_join(path: str, step: str | int) -> str:
    """``series[3]`` + ``versions`` is ``series[3].versions``; + 0 is ``...[0]``."""
    if isinstance(step, int):
        return f"{path}[{step}]"
    return f"{path}.{step}" if path else step


def path_of(loc: tuple[str | int, ...], below: str = "") -> str:
    """A pydantic location as a path: ("series", 3, "date") is ``series[3].date``."""
    path = ""
    for step in loc:
        path = path_join(path, step)
    if below:
        path = f"{path}{below}" if below.startswith("[") else path_join(path, below)
    return path


def first_refusal(error: ValidationError) -> Refusal:
    """The first error pydantic found, with its path."""
    details = error.errors(include_url=False)[0]
    context: dict[str, Any] = dict(details.get("ctx") or {})
    if details["type"] == REFUSAL:
        return Refusal(
            path=path_of(details["loc"], context["at"]),
            kind=REFUSAL,
            value=details["input"],
            message=context["message"],
            values=context["values"],
        )
    return Refusal(
        path=path_of(details["loc"]),
        kind=details["type"],
        value=details["input"],
        values=context,
    )
