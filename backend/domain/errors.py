"""Errors the rules and use cases raise; the HTTP edge turns each into a problem+json status.

`detail` is an English sentence with %(name)s placeholders and `params` the values for them:
the edge translates the sentence into the caller's language and then fills it in, so never
write the values into the sentence (an f-string cannot be translated). The messages of
`errors` ({field: [message]}) are filled from the same params; mark them with N_."""


class DomainError(Exception):
    title = "Error"

    def __init__(self, detail, errors=None, **params):
        super().__init__(detail % params if params else detail)
        self.detail = detail
        self.errors = errors
        self.params = params


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

    def __init__(self, detail, retry_after_seconds, **params):
        super().__init__(detail, **params)
        self.retry_after_seconds = retry_after_seconds
