"""The errors services raise; views and the API map them to HTTP answers in one place."""


class ApplicationError(Exception):
    """A business rule refused the operation. `errors` maps field names to messages where one field is at fault."""

    status_code = 400

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class PermissionDeniedError(ApplicationError):
    status_code = 403


class NotFoundError(ApplicationError):
    status_code = 404


class ConflictError(ApplicationError):
    """The operation clashes with the object's current state (already closed, already signed, ...)."""

    status_code = 409


class GoneError(ApplicationError):
    """The thing existed and was removed on purpose (content deleted by a baja documental); its record remains."""

    status_code = 410
