"""Evidence files of expenses (报销凭证): photos and PDF documents, checked, stored under
MEDIA_ROOT/funding/<uuid> and served by core.evidence_files."""

from yipanqi.core.evidence_files import EvidenceFiles

FILES = EvidenceFiles("funding")
MAX_BYTES = FILES.max_bytes
