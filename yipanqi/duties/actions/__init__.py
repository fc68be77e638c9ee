"""Every write of the duties app: responsibility lists and their progress (lists.py), access
requests, admitted duties and refused tasks (access.py)."""

from yipanqi.duties.actions.access import (
    request_approve,
    request_file,
    request_refuse,
    request_retire,
    request_withdraw,
    task_refuse,
)
from yipanqi.duties.actions.lists import (
    duty_item_add,
    duty_item_progress,
    duty_item_update,
    duty_list_create,
)

__all__ = [
    "duty_item_add",
    "duty_item_progress",
    "duty_item_update",
    "duty_list_create",
    "request_approve",
    "request_file",
    "request_refuse",
    "request_retire",
    "request_withdraw",
    "task_refuse",
]
