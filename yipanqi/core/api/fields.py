"""Serializer fields shared by the API's input serializers."""

from rest_framework import serializers

from yipanqi.core.params import MAX_ID


class IdField(serializers.IntegerField):
    """A row id in a request body: 1 ≤ id ≤ 2**63 - 1 (the database's bigint), else a 400.

    Unbounded, a larger number passes validation and overflows in the database driver (a 500).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
