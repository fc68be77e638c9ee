"""Small display helpers for the grid pages."""

from django import template

register = template.Library()


@register.filter
def short_address(household) -> str:
    """The address without the grid's name (3幢2单元301): the grid is already on the page."""
    building = household.building + ("幢" if household.building.isdigit() else "")
    return f"{building}{household.unit_no}{household.room}"
