"""The one shape of error this project shows a person: a Danish message, said as it is, no traceback."""

from __future__ import annotations


class MessageError(Exception):
    """An error whose message is written for whoever runs the command; scripts print `.message`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
