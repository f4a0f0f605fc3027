"""The one masking of personal data for lists, histories and the audit log."""

from __future__ import annotations

from ansinh.core.masking import mask_account, mask_phone, mask_values


def test_each_kind_of_personal_data_is_masked():
    assert mask_account("0011004455667") == "*********5667"
    assert mask_account("") == mask_account(None) == ""
    assert mask_phone("0912345678") == "091****678"
    assert mask_phone("0123") == "****"


def test_audit_values_are_masked_by_key_and_the_rest_left_alone():
    values = {
        "personal_id": "011185001234", "bank_account": "0011004455667", "account": "123456789",
        "phone": "0912345678", "full_name": "Nguyễn Thị Hòa", "bank_code": "VCB", "wallet_account": "",
    }  # fmt: skip
    assert mask_values(values) == {
        "personal_id": "011******234", "bank_account": "*********5667", "account": "*****6789",
        "phone": "091****678", "full_name": "Nguyễn Thị Hòa", "bank_code": "VCB", "wallet_account": "",
    }  # fmt: skip
    assert mask_values(None) is None
    assert values["personal_id"] == "011185001234"  # the event itself is untouched
