"""What the co-building API answers."""

from rest_framework import serializers

from yipanqi.cobuilding.models import Claim, Commitment, Evaluation, HardProblem, Project, Resource
from yipanqi.socialorgs.models import Need


class CobuildingNeedOutput(serializers.ModelSerializer):
    class Meta:
        model = Need
        fields = [
            "id",
            "title",
            "kind",
            "description",
            "people",
            "status",
            "single_claim",
            "community",
        ]


class CobuildingResourceOutput(serializers.ModelSerializer):
    class Meta:
        model = Resource
        fields = [
            "id", "title", "kind", "capacity", "conditions", "available_from", "available_to",
            "area", "unit", "single_claim", "status",
        ]  # fmt: skip


class CobuildingClaimOutput(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = [
            "id", "side", "need", "resource", "unit", "community", "status", "note",
            "decided_at", "decline_reason",
        ]  # fmt: skip


class CobuildingProjectOutput(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = [
            "id", "claim", "unit", "community", "title", "goal", "unit_inputs",
            "community_inputs", "starts_on", "ends_on", "milestones", "status", "completed_at",
            "rating", "rating_comment",
        ]  # fmt: skip


class CobuildingCommitmentOutput(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = [
            "id",
            "problem",
            "member",
            "what",
            "due_on",
            "resources",
            "status",
            "evidence",
            "done_at",
            "escalated_at",
        ]


class CobuildingProblemOutput(serializers.ModelSerializer):
    commitments = CobuildingCommitmentOutput(many=True, read_only=True)

    class Meta:
        model = HardProblem
        fields = [
            "id",
            "council",
            "community",
            "title",
            "description",
            "session",
            "status",
            "closed_at",
            "result",
            "commitments",
        ]


class CobuildingEvaluationOutput(serializers.ModelSerializer):
    class Meta:
        model = Evaluation
        fields = [
            "id", "year", "community", "unit", "needs_claimed", "projects_completed",
            "member_hours", "commitments_kept", "commitments_due", "grade", "comment",
            "party_organisation",
        ]  # fmt: skip
