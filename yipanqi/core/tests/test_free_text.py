"""One masking function for numbers typed into free text (notes, descriptions, notices, logs)."""

import pytest

from yipanqi.core import pii


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        (
            "张三 330283199001011234 电话 138-1234-5678 或 +86 13912345678，门牌 1201",
            "张三 3302**********1234 电话 138****5678 或 139****5678，门牌 1201",
        ),
        ("身份证11010519491231002x", "身份证1101**********002X"),
        ("老证 330283900101123 已换", "老证 3302*******1123 已换"),
        ("座机 0574-88881234", "座机 057*****1234"),
        ("0086-139 1234 5678", "139****5678"),
        ("订单 20210101 第 3 次，楼号 12-1201", "订单 20210101 第 3 次，楼号 12-1201"),
        ("", ""),
    ],
)
def test_mask_free_text(raw, masked):
    assert pii.mask_free_text(raw) == masked


def test_masking_none_gives_empty_text():
    assert pii.mask_free_text(None) == ""


def test_logs_keep_no_digits_of_either():
    text = pii.redact_free_text("id 330283199001011234 tel 13812345678")
    assert text == "id [id-number] tel [mobile]"
