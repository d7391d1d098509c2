"""A test card gateway: approves every card but the well-known decline test numbers.

It stands in for a real payment provider; the operations depend only on `authorize` (taking a
payment by card) and `capture` (shipping takes the money an authorization holds).

Test cards:

    4000000000000002, 4000000000009995   declined when authorized
    4000000000000341                     authorized, but every capture of it is declined
    any other number of 12+ digits       authorized and captured

An authorization's reference says what its card will do: a capture of a reference made by
4000000000000341 (it starts with CAPTURE_DECLINED_PREFIX) is declined, any other is approved.
"""
import secrets
from dataclasses import dataclass
from decimal import Decimal

DECLINED_CARDS = {"4000000000000002", "4000000000009995"}
CAPTURE_DECLINED_CARDS = {"4000000000000341"}
CAPTURE_DECLINED_PREFIX = "test_nocapture_"


@dataclass(frozen=True)
class Authorization:
    approved: bool
    reference: str
    message: str = ""


@dataclass(frozen=True)
class Capture:
    approved: bool
    reference: str
    message: str = ""


def authorize(amount: Decimal, card_number: str) -> Authorization:
    digits = "".join(ch for ch in card_number or "" if ch.isdigit())
    if len(digits) < 12:
        return Authorization(False, "", "The card number is incomplete.")
    if digits in DECLINED_CARDS:
        return Authorization(False, "", "The card was declined by the issuer.")
    prefix = CAPTURE_DECLINED_PREFIX if digits in CAPTURE_DECLINED_CARDS else "test_"
    return Authorization(True, f"{prefix}{secrets.token_hex(8)}")


def capture(amount: Decimal, authorization_reference: str) -> Capture:
    """Take `amount` of what the authorization holds."""
    if not authorization_reference:
        return Capture(False, "", "the payment has no authorization to capture from.")
    if amount <= 0:
        return Capture(False, "", "nothing to capture.")
    if authorization_reference.startswith(CAPTURE_DECLINED_PREFIX):
        return Capture(False, "", "the issuer declined the capture of the card's authorization.")
    return Capture(True, f"capture_{secrets.token_hex(8)}")
