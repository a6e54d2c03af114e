"""A lower floor asks a higher one through a port the owner supplies from its AppConfig.ready
(payesh/ports.py): the entry grid's derived figures come from the course register, the
allocation's actual to date from the progress engine, and a port nobody supplied refuses loudly
instead of quietly skipping its rule."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from commitments import allocation
from courses import derive
from payesh.ports import Port
from reports import grid
from reports.progress import statements


def test_the_owners_supply_the_ports_of_the_lower_floors():
    assert grid.derived_figures_of._function is derive.derived_figures_of
    assert allocation.actual_to_date._function is statements.actual_to_date


def test_a_port_calls_what_was_supplied_and_refuses_when_nothing_was():
    port = Port("the test's numbers")
    with pytest.raises(ImproperlyConfigured, match="the test's numbers"):
        port(1, 2)
    port.supply(lambda a, b: a + b)
    assert port(1, b=2) == 3
