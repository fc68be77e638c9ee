"""Privacy API (R-PI-6): read a purpose's notice before collection, give consent to its current
version, see and withdraw one's own consents. Collection without consent elsewhere answers 400
`consent_required` (e.g. POST /api/v1/orders/); this is where a client gives it."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.privacy import actions, consents, selectors

PURPOSES = sorted(consents.NOTICES)


class NoticeOutput(serializers.Serializer):
    purpose = serializers.CharField()
    title = serializers.CharField()
    version = serializers.IntegerField()
    collected = serializers.CharField()
    why = serializers.CharField(source="activity.purpose")
    retention = serializers.CharField(source="activity.retention")


class ConsentOutput(serializers.Serializer):
    purpose = serializers.CharField()
    notice_version = serializers.IntegerField()
    given_at = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    current = serializers.SerializerMethodField()

    def get_current(self, consent) -> bool:
        notice = consents.notice(consent.purpose)
        return (
            consent.withdrawn_at is None
            and notice is not None
            and consent.notice_version == notice.version
        )


class NoticeListApi(APIView):
    """The notice of each purpose whose lawful basis is consent, in its current version."""

    @extend_schema(responses=NoticeOutput(many=True))
    def get(self, request):
        notices = [consents.notice(a.key) for a in consents.consent_activities()]
        return Response(NoticeOutput([n for n in notices if n], many=True).data)


class ConsentListApi(APIView):
    """The caller's own consents (in force and withdrawn); POST gives one."""

    class ConsentGiveInput(serializers.Serializer):
        purpose = serializers.ChoiceField(choices=PURPOSES)
        notice_version = serializers.IntegerField(
            min_value=1, max_value=10_000, help_text=_("The version of the notice the person read")
        )

    @extend_schema(responses=ConsentOutput(many=True))
    def get(self, request):
        rows = selectors.my_consents(user=request.user)
        return Response(ConsentOutput(rows, many=True).data)

    @extend_schema(request=ConsentGiveInput, responses={201: ConsentOutput})
    def post(self, request):
        data = self.ConsentGiveInput(data=request.data)
        data.is_valid(raise_exception=True)
        consent = actions.consent_give(
            purpose=data.validated_data["purpose"],
            notice_version=data.validated_data["notice_version"],
            actor=request.user,
        )
        return Response(ConsentOutput(consent).data, status=201)


class ConsentWithdrawApi(APIView):
    """Withdraw the caller's consent to a purpose: its next collection is refused
    (`consent_required`) until they agree again."""

    class ConsentWithdrawInput(serializers.Serializer):
        purpose = serializers.ChoiceField(choices=PURPOSES)

    @extend_schema(request=ConsentWithdrawInput, responses={200: ConsentOutput})
    def post(self, request):
        data = self.ConsentWithdrawInput(data=request.data)
        data.is_valid(raise_exception=True)
        consent = actions.consent_withdraw(
            purpose=data.validated_data["purpose"], actor=request.user
        )
        return Response(ConsentOutput(consent).data)
