"""Domain errors raised by services. Views and commands translate them into form errors,
HTTP statuses or exit codes in one place each; messages are already user-facing."""


class DomainError(Exception):
    """A business rule refused the operation. ``str(error)`` is safe to show to the user."""


class PermissionDenied(DomainError):  # noqa: N818 - mirrors Django's name on purpose
    """The actor may not perform this operation."""


class NotFound(DomainError):  # noqa: N818
    """The object does not exist, or the actor may not know that it exists."""
