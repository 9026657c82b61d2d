"""The one error type the xAPI layer raises for a request it refuses."""


class XapiError(Exception):
    """A request the LRS refuses; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    def __str__(self) -> str:
        return self.message
