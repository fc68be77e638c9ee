"""Every write of the workforce app: workers and their posts, appraisals, pay tables and runs,
training courses and attendance, career moves."""

from yipanqi.workforce.actions.bulk import (
    NewCourse,
    NewWorker,
    appraisals_record_bulk,
    training_record_bulk,
    workers_appoint_bulk,
)
from yipanqi.workforce.actions.pay_runs import (
    EXPORT_HEADERS,
    pay_run_approve,
    pay_run_compute,
    pay_run_export,
)
from yipanqi.workforce.actions.reminders import training_remind_due
from yipanqi.workforce.actions.tables import pay_table_create, pay_table_edit
from yipanqi.workforce.actions.training import (
    attendance_sign_in,
    course_create,
    course_enrol,
    training_remind,
)
from yipanqi.workforce.actions.workers import (
    appraisal_record,
    career_move_record,
    worker_appoint,
    worker_clear_review,
    worker_exit,
    worker_set_grade,
    worker_transfer,
)

__all__ = [
    "EXPORT_HEADERS",
    "NewCourse",
    "NewWorker",
    "appraisal_record",
    "appraisals_record_bulk",
    "attendance_sign_in",
    "career_move_record",
    "course_create",
    "course_enrol",
    "pay_run_approve",
    "pay_run_compute",
    "pay_run_export",
    "pay_table_create",
    "pay_table_edit",
    "training_record_bulk",
    "training_remind",
    "training_remind_due",
    "worker_appoint",
    "worker_clear_review",
    "worker_exit",
    "worker_set_grade",
    "worker_transfer",
    "workers_appoint_bulk",
]
