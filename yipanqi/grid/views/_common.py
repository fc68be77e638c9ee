"""Helpers of the grid pages; what every app's pages need comes from core.pages."""

PAGE_SIZE = 30
