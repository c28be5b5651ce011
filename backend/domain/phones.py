"""Phone numbers: one way to write each, E.164, whatever way a person typed it.

A phone is an account's identity, so `138 0000 0003`, `+86-138-0000-0003` and
`8613800000003` must all name the same account; and a phone is personal data, so it is
masked wherever it could end up in a log."""
import re

import phonenumbers

DEFAULT_REGION = "CN"  # numbers written without a country code are mainland China's


class NotAPhone(ValueError):
    """The text is not a valid phone number (as the phonenumbers library judges it)."""


def normalise(raw, region=DEFAULT_REGION):
    """`raw` in E.164 (`+8613800000003`), or NotAPhone."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise NotAPhone(raw) from None
    if not phonenumbers.is_valid_number(number):
        # `8613800000003`: the country code without its plus sign is a usual way to write a
        # mainland number, and parses as a (too long) national number first.
        if not raw.lstrip().startswith("+"):
            return normalise("+" + raw.lstrip(), region)
        raise NotAPhone(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask(phone):
    """`+8613800000003` as `+86138****0003`: enough to tell two numbers apart in a log, not
    enough to call either."""
    digits = phone[1:] if phone.startswith("+") else phone
    country = _country_code(phone)
    national = digits[len(country):]
    if len(national) <= 7:
        return f"+{country}{'*' * len(national)}"
    return f"+{country}{national[:3]}****{national[-4:]}"


def _country_code(phone):
    try:
        return str(phonenumbers.parse(phone, None).country_code)
    except phonenumbers.NumberParseException:
        return ""


# A plus or a digit, then at least eight more digits, spaces or dashes: a candidate phone in
# free text, masked only when it is one (a date such as 2026-07-01 is left alone). Not a
# piece of a longer token: the digits of an id (01a2317e-13ef-70a2-9506-69955bcbae7b) can
# make a valid number, and masking them would garble the id. A phone right after a Chinese
# word (电话13800000003) is still one.
_PHONE_IN_TEXT = re.compile(r"(?<![0-9A-Za-z_+-])\+?\d[\d -]{7,}\d(?![0-9A-Za-z_])")


def mask_in_text(text):
    """`text` with every valid phone number in it masked."""
    return _PHONE_IN_TEXT.sub(_mask_if_phone, text)


def _mask_if_phone(found):
    try:
        return mask(normalise(found.group()))
    except NotAPhone:
        return found.group()
