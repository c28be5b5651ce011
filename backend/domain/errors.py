"""Errors the rules and use cases raise; the HTTP edge turns each into a problem+json status.

`detail` is an English sentence with %(name)s placeholders and `params` the values for them:
the edge translates the sentence into the caller's language and then fills it in, so never
write the values into the sentence (an f-string cannot be translated). The messages of
`errors` ({field: [message]}) are filled from the same params; mark them with N_."""


class DomainError(Exception):
    """The edge gives the problem its status by the class, and its title by the status."""

    def __init__(self, detail, errors=None, **params):
        super().__init__(detail % params if params else detail)
        self.detail = detail
        self.errors = errors
        self.params = params


class NotFound(DomainError):
    """Nothing of that id that the caller may see."""


class Unauthenticated(DomainError):
    """Not signed in, or the credentials are wrong."""


class Forbidden(DomainError):
    """Signed in, but the caller's role may not do this."""


class Conflict(DomainError):
    """The action does not fit what is stored now (a cancelled job cannot be completed)."""


class Invalid(DomainError):
    """Input that parses but breaks a rule; `errors` names the fields."""


class RateLimited(DomainError):
    """Too many tries; the caller may try again after `retry_after_seconds`."""

    def __init__(self, detail, retry_after_seconds, **params):
        super().__init__(detail, **params)
        self.retry_after_seconds = retry_after_seconds
