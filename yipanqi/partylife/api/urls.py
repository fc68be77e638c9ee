"""/api/v1/partylife/: meetings and their steps, dues payments, transfers and their steps,
compliance, the dues remittance."""

from django.urls import path

from yipanqi.partylife.api import views as v

urlpatterns = (
    [
        path("meetings/", v.MeetingListApi.as_view(), name="api-partylife-meetings"),
        path(
            "meetings/<int:meeting_id>/", v.MeetingDetailApi.as_view(), name="api-partylife-meeting"
        ),
        path("payments/", v.PaymentListApi.as_view(), name="api-partylife-payments"),
        path("transfers/", v.TransferListApi.as_view(), name="api-partylife-transfers"),
        path(
            "transfers/<int:transfer_id>/",
            v.TransferDetailApi.as_view(),
            name="api-partylife-transfer",
        ),
        path("compliance/", v.ComplianceApi.as_view(), name="api-partylife-compliance"),
        path("remittance/", v.RemittanceApi.as_view(), name="api-partylife-remittance"),
    ]
    + [
        path(
            f"meetings/<int:meeting_id>/{step}/",
            view.as_view(),
            name=f"api-partylife-meeting-{step.replace('_', '-')}",
        )  # fmt: skip
        for step, view in v.MEETING_STEPS.items()
    ]
    + [
        path(
            f"transfers/<int:transfer_id>/{step}/",
            view.as_view(),
            name=f"api-partylife-transfer-{step}",
        )  # fmt: skip
        for step, view in v.TRANSFER_STEPS.items()
    ]
)
