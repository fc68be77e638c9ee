"""Evidence files of the 5A rating (佐证材料): photos and PDF documents, checked, stored under
MEDIA_ROOT/centres/<uuid> and served by core.evidence_files."""

from yipanqi.core.evidence_files import EvidenceFiles

FILES = EvidenceFiles("centres")
MAX_BYTES = FILES.max_bytes
