"""A test card gateway: approves every card but the well-known decline test numbers.

It stands in for a real payment provider; the operations depend only on `authorize`.
"""
import secrets
from dataclasses import dataclass
from decimal import Decimal

DECLINED_CARDS = {"4000000000000002", "4000000000009995"}


@dataclass(frozen=True)
class Authorization:
    approved: bool
    reference: str
    message: str = ""


def authorize(amount: Decimal, card_number: str) -> Authorization:
    digits = "".join(ch for ch in card_number or "" if ch.isdigit())
    if len(digits) < 12:
        return Authorization(False, "", "The card number is incomplete.")
    if digits in DECLINED_CARDS:
        return Authorization(False, "", "The card was declined by the issuer.")
    return Authorization(True, f"test_{secrets.token_hex(8)}")
