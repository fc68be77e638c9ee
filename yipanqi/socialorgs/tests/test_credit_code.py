"""GB 32100 unified social credit codes: the check character, the form's prefix, uniqueness."""

import datetime

import pytest

from yipanqi.core.errors import Invalid
from yipanqi.socialorgs import actions
from yipanqi.socialorgs.choices import LegalForm
from yipanqi.socialorgs.tests.factories import TEST, code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "form"),
    [
        ("91350100M000100Y43", None),  # domain-rules §10.3 vectors (enterprises: prefix 91)
        ("91110108551385082Q", None),
    ],
)
def test_reference_vectors_pass_the_checksum(value, form):
    from yipanqi.organisations.validators import is_valid_credit_code

    assert is_valid_credit_code(value)


@pytest.mark.parametrize(
    "value",
    [
        "91310115MA1H8R7C6D",  # the published example that fails (computes 7)
        "91350100M000100Y44",  # one check character off
        "9135010OM000100Y43",  # letter O is not in the alphabet
        "91350100M000100Y4",  # 17 characters
        "",
    ],
)
def test_bad_vectors_are_refused_with_a_clear_error(value, district):
    with pytest.raises(Invalid) as error:
        actions.clean_credit_code(value, LegalForm.SOCIAL_GROUP)

    assert error.value.code in ("bad_credit_code", "credit_code_required")
    assert "credit_code" in error.value.fields


def test_a_registered_form_needs_its_civil_affairs_prefix():
    with pytest.raises(Invalid) as error:
        actions.clean_credit_code("91350100M000100Y43", LegalForm.FOUNDATION)

    assert error.value.code == "credit_code_form_mismatch"
    assert actions.clean_credit_code(code("53").lower(), LegalForm.FOUNDATION).startswith("53")


def test_a_community_organisation_may_have_no_code():
    assert actions.clean_credit_code("", LegalForm.COMMUNITY) == ""


def test_a_duplicate_code_is_refused_and_nothing_is_saved(world):
    from yipanqi.socialorgs.models import SocialOrganisation

    before = SocialOrganisation.objects.count()
    with pytest.raises(Invalid) as error:
        actions.org_register(
            area=world.d.towns[0], name="重复登记", legal_form=LegalForm.PRIVATE_NON_ENTERPRISE,
            credit_code=world.orgs["a"].credit_code, registered_on=datetime.date(2020, 1, 1),
            actor=TEST,
        )  # fmt: skip

    assert error.value.code == "duplicate_credit_code"
    assert SocialOrganisation.objects.count() == before
