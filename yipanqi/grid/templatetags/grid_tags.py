"""Small display helpers for the grid pages."""

from django import template

from yipanqi.grid import households

register = template.Library()


@register.filter
def short_address(household) -> str:
    """The address without the grid's name (3幢2单元301): the grid is already on the page."""
    return households.short_address(household.building, household.unit_no, household.room)
