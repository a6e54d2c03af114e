"""A function that a lower floor of the house asks for and a higher floor supplies, so that every
import runs down (the floors: docs/design.md, "Floors of the house"). The app that owns the
function supplies it from its AppConfig.ready, before any page, command or API call runs; a port
nobody supplied fails loudly rather than quietly skipping a rule."""

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

from django.core.exceptions import ImproperlyConfigured

P = ParamSpec("P")
R = TypeVar("R")


class Port(Generic[P, R]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._function: Callable[P, R] | None = None

    def supply(self, function: Callable[P, R]) -> None:
        self._function = function

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if self._function is None:
            raise ImproperlyConfigured(f"Nothing supplies {self.name}: is the app that owns it installed?")
        return self._function(*args, **kwargs)
