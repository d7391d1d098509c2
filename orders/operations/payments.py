"""Taking payments on an order: several payments make a split payment."""
from decimal import Decimal

from catalog.models import PaymentMethod, PaymentMethodKind
from csrportal.money import minor_units, round_money
from orders import gateway
from orders.models import OrderForm, OrderGroup, Payment, PaymentStatus, TransactionType
from orders.operations.base import Action, OrderError, changing, get_owned

# A phone payment is taken there and then; a card or an invoice is authorized now and captured
# when the goods ship.
TRANSACTION_FOR = {
    PaymentMethodKind.PHONE: TransactionType.SALE,
    PaymentMethodKind.CARD: TransactionType.AUTHORIZATION,
    PaymentMethodKind.INVOICE: TransactionType.AUTHORIZATION,
}


def check_decimals(amount: Decimal, currency: str, *, field: str) -> None:
    """An amount has at most the currency's decimals; it is refused, never rounded."""
    if amount != round_money(amount, currency):
        places = minor_units(currency)
        raise OrderError(f"{currency} amounts have no decimals." if places == 0
                         else f"{currency} amounts have at most {places} decimals.", field=field)


def payment_add(order: OrderGroup, *, user, version: int, payment_method_id: int | None, amount: Decimal,
                card_number: str = "", order_form_id: int | None = None) -> Payment:
    """Add a payment of at most the balance due; `amount` is a Decimal in the order's currency,
    already read from what the CSR typed (orders.forms.PaymentForm).

    A card method needs a card number. A declined card is kept: a Failed payment (never counted as
    paid) and a "Payment declined" System note; the caller sees the payment's status.
    """
    if not isinstance(amount, Decimal):
        raise TypeError(f"An amount is a Decimal, not {type(amount).__name__}: read it with a form first.")
    with changing(order, user=user, version=version, action=Action.EDIT) as change:
        if change.order.is_subscription:
            # A subscription is a template: each order it places is paid on its own (docs/domain.md §3).
            raise OrderError(f"{order.number} is a subscription: each order it places takes its own payments.",
                             field="amount")
        currency = change.order.currency
        check_decimals(amount, currency, field="amount")
        if amount <= 0:
            raise OrderError("A payment must be more than zero.", field="amount")
        if amount > change.order.balance_due:
            raise OrderError(
                f"The balance due is {change.order.balance_due} {currency}; a payment cannot be more.",
                field="amount",
            )
        method = PaymentMethod.objects.filter(pk=payment_method_id, market=change.order.market_id,
                                              active=True).first() if payment_method_id else None
        if method is None:
            raise OrderError(f"Choose a payment method offered in {change.order.market.name}.", field="payment_method")
        card_digits = "".join(ch for ch in card_number or "" if ch.isdigit())
        if method.kind == PaymentMethodKind.CARD and not card_digits:
            raise OrderError(f"{method.name} needs the card number.", field="card_number")
        form = (get_owned(OrderForm, change.order, order_form_id, field="order_form", label="order form")
                if order_form_id else OrderForm.objects.filter(order_group=change.order).order_by("id").first())
        if form is None:
            raise OrderError("The order has nothing to pay for yet.", field="amount")
        payment = Payment(order_form=form, method=method, method_name=method.name, amount=amount,
                          transaction_type=TRANSACTION_FOR[method.kind], status=PaymentStatus.PROCESSED, created_by=user)
        if method.kind == PaymentMethodKind.CARD:
            result = gateway.authorize(amount, card_number)
            payment.reference, payment.message = result.reference, result.message
            if not result.approved:
                payment.status = PaymentStatus.FAILED
        payment.save()
        title = "Payment added" if payment.status == PaymentStatus.PROCESSED else "Payment declined"
        change.note(title, f"{payment.get_transaction_type_display()} {amount} {currency} by {method.name}"
                    + (f": {payment.message}" if payment.message else ""), action="payment_added")
    return payment
