"""The project's own error hierarchy: what a user is told when their input is wrong."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business-rule or input error with a message fit to show a user.

    ``where`` names the place of the problem (a file and line, a field) so the
    message can say not only what is wrong but where.
    """

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        if self.where:
            return f"{self.where}: {self.message}"
        return self.message


class StepConflictError(ApplicationError):
    """A step the document refuses as it stands (its status, missing answers): fetch
    it again and see what is open to you (the API answers 409)."""


class StepInputError(ApplicationError):
    """A step refused because of what was asked: ``where`` names the field or
    question at fault, and the request must change (the API answers 422)."""


class IdentifierError(ApplicationError):
    """A string is not a document identifier or citation of a known scheme."""


class FormatError(ApplicationError):
    """An input file (page, catalog, manifest) is not of the format it claims."""


class NotFoundError(ApplicationError):
    """A named organization, series or version does not exist."""
