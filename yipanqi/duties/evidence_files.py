"""Evidence files of progress (佐证材料): photos and PDF documents, checked (a refusal names the
form's `evidence` field), stored under MEDIA_ROOT/duties/<uuid> and served by core.evidence_files."""

from yipanqi.core.evidence_files import EvidenceFiles

FILES = EvidenceFiles("duties", field="evidence")
MAX_BYTES = FILES.max_bytes
