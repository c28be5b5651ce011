"""Errors the rules and use cases raise; the HTTP edge turns each into a problem+json status."""


class DomainError(Exception):
    title = "Error"

    def __init__(self, detail, errors=None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class NotFound(DomainError):
    title = "Not Found"


class Unauthenticated(DomainError):
    title = "Unauthorized"


class Forbidden(DomainError):
    title = "Forbidden"


class Conflict(DomainError):
    title = "Conflict"


class Invalid(DomainError):
    """Input that parses but breaks a rule; `errors` names the fields."""
    title = "Unprocessable Entity"


class RateLimited(DomainError):
    title = "Too Many Requests"

    def __init__(self, detail, retry_after_seconds):
        super().__init__(detail)
        self.retry_after_seconds = retry_after_seconds
