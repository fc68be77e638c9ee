"""Notices API, drafts: editing a draft (POST …/{id}/edit/, only the fields given change; 409
`notice_not_draft` once sent), its attachments (upload, take off) and the downloads of a notice's
files — by those who read the notice in scope, and by a recipient through their own receipt."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core import uploads
from yipanqi.core.pages import found
from yipanqi.notices import actions, selectors
from yipanqi.notices import attachment_files as files
from yipanqi.notices.api import serializers as out
from yipanqi.notices.api.views import NoticesCreateInput, NoticesStep
from yipanqi.notices.views_drafts import serve

EDITABLE = ("title", "body", "kind", "options", "free_reply", "places", "deadline", "audience")


class NoticesEditInput(NoticesCreateInput):
    """Any of the draft's fields; those not given keep their value."""

    area = None  # a draft keeps the organisation it is sent for

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


def _edit(notice: Any, d: dict, user: Any) -> Any:
    now = {
        "title": notice.title, "body": notice.body, "kind": notice.kind,
        "options": notice.options, "free_reply": notice.free_reply, "places": notice.places,
        "deadline": notice.deadline, "audience": notice.audience,
    }  # fmt: skip
    given = {name: d[name] for name in EDITABLE if name in d}
    return actions.notice_update(notice=notice, actor=user, **(now | given))


NoticesEditApi = NoticesStep.declare(
    _edit, input=NoticesEditInput, name="NoticesEditApi",
    __doc__="Edit a draft: the fields given replace the draft's (the audience is checked again). "
    "409 `notice_not_draft` once the notice is sent; 400 as when drafting.",
)  # fmt: skip


class NoticesAttachInput(serializers.Serializer):
    file = serializers.FileField(help_text="JPEG, PNG, WebP or PDF, at most 10 MB")


NoticesAttachApi = NoticesStep.declare(
    lambda n, d, user: actions.attachment_add(notice=n, upload=d["file"], actor=user) and None,
    input=NoticesAttachInput, name="NoticesAttachApi",
    __doc__="Attach a file to a draft (multipart, at most five). 400 `file_type`, "
    "`file_too_large`, `too_many_files`; 409 `notice_not_draft`.",
)  # fmt: skip
# The largest body it takes (core.uploads.max_body_size, applied to the view in urls.py).
ATTACH_BODY_LIMIT = uploads.body_limit(1, files.MAX_BYTES)
FILE_RESPONSES = {(200, kind): OpenApiTypes.BINARY for kind in files.TYPES}


class NoticesAttachmentRemoveApi(APIView):
    @extend_schema(
        request=None,
        responses=out.NoticesNoticeDetailOutput,
        description="Take a file off a draft. 409 `notice_not_draft` once the notice is sent.",
    )
    def post(self, request, notice_id: int, attachment_id: int):
        attachment = found(
            selectors.attachment_get, user=request.user, notice_id=notice_id,
            attachment_id=attachment_id,
        )  # fmt: skip
        actions.attachment_remove(attachment=attachment, actor=request.user)
        notice = found(selectors.notice_get, user=request.user, notice_id=notice_id)
        return Response(out.NoticesNoticeDetailOutput(notice).data)


class NoticesAttachmentFileApi(APIView):
    @extend_schema(
        responses=FILE_RESPONSES, description="A file of a notice in the caller's scope."
    )
    def get(self, request, notice_id: int, attachment_id: int):
        return serve(found(selectors.attachment_get, user=request.user, notice_id=notice_id,
                           attachment_id=attachment_id))  # fmt: skip


class NoticesReceiptFileApi(APIView):
    @extend_schema(
        responses=FILE_RESPONSES,
        description="A file of a notice sent to the caller (their receipt).",
    )
    def get(self, request, recipient_id: int, attachment_id: int):
        return serve(found(selectors.receipt_attachment_get, user=request.user,
                           recipient_id=recipient_id, attachment_id=attachment_id))  # fmt: skip
