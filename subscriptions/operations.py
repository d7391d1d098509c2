"""Subscriptions: turning a cart into one (cart_convert_to_subscription), the schedule an
administrator sets (subscription_set_schedule), and the recurring job that counts it.

Turning a cart into a subscription takes the checks of placing a cart (carts.operations), less
stock and payment, which are checked when each cycle is placed.

The recurring job, in which each due subscription places its cycle's purchase order:

    for every active schedule that may be due:
        lock its row (SKIP LOCKED: a schedule another worker holds is left to it)
        ask again, under the lock, whether it is due (another run may just have placed it)
        copy the subscription into a cart and place it with the cart's own checks and stock reservation
        count the cycle: last transaction = the date the cycle was due, so the rhythm holds
        commit

The lock and the second look make it safe on many machines at once and when run twice: a cycle
is placed once. A cycle that cannot be placed (stock, an unsold SKU, no address) is noted on the
subscription and tried again on the next run.
"""
import datetime
from dataclasses import dataclass

from django.db import transaction

from carts.operations import ConversionRefused, cart_place_order, conversion_problems
from orders import numbers
from orders.models import Discount, Kind, LineItem, OrderAddress, OrderForm, OrderGroup, Shipment
from orders.operations import Action, OrderError
from orders.operations.base import changing, creating
from orders.operations.pricing import reprice
from subscriptions.models import CycleMode, Schedule

SUBSCRIPTION_ORDER = "Subscription order"


def cart_convert_to_subscription(cart: OrderGroup, *, user, version: int, cycle_mode: str, cycle_length: int,
                                 start_date: datetime.date, end_date: datetime.date | None = None,
                                 max_cycles: int = 0) -> OrderGroup:
    """Turn the cart into a subscription that places this order every cycle from `start_date`.

    Takes typed values (subscriptions.forms.SubscribeForm reads what a CSR typed); keeps the rules."""
    if cycle_mode not in CycleMode.values or cycle_mode == CycleMode.NONE:
        raise OrderError("Choose how often the order repeats.", field="cycle_mode")
    if not 1 <= cycle_length <= 365:
        raise OrderError("The cycle length is 1 to 365.", field="cycle_length")
    if max_cycles < 0:
        raise OrderError("The number of cycles cannot be negative (0 means no limit).", field="max_cycles")
    if end_date and end_date < start_date:
        raise OrderError("The end date comes before the start date.", field="end_date")
    with changing(cart, user=user, version=version, action=Action.CONVERT) as change:
        subscription = change.order
        reprice(subscription)
        if problems := conversion_problems(subscription, allow_balance_due=True, for_subscription=True):
            raise ConversionRefused(problems)
        cart_number = subscription.number
        subscription.kind, subscription.number = Kind.SUBSCRIPTION, numbers.next_number(numbers.SUBSCRIPTION)
        subscription.source_cart_number = cart_number
        Schedule.objects.create(subscription=subscription, cycle_mode=cycle_mode, cycle_length=cycle_length, start_date=start_date,
                                end_date=end_date, max_cycles=max_cycles)
        change.note("Subscription created", f"From cart {cart_number}: every {cycle_length} {cycle_mode} from {start_date}",
                    action="created")
    return cart


@dataclass
class Outcome:
    subscription: str
    order: str = ""
    problem: str = ""


def _copy_structure(subscription: OrderGroup, target: OrderGroup) -> None:
    """The subscription's forms, shipments (with address snapshots and methods), lines and discounts, anew."""
    addresses = {}
    lines = {}
    for form in OrderForm.objects.filter(order_group=subscription).order_by("id"):
        new_form = OrderForm.objects.create(order_group=target, name=form.name, organization_id=form.organization_id)
        for shipment in Shipment.objects.filter(order_form=form).select_related("address").order_by("id"):
            if shipment.address_id and shipment.address_id not in addresses:
                addresses[shipment.address_id] = OrderAddress.objects.create(
                    order_group=target, name=shipment.address.name, **shipment.address.address_values())
            new_shipment = Shipment.objects.create(
                order_form=new_form, address=addresses.get(shipment.address_id), of_purchase_order=target.is_purchase_order,
                market_id=target.market_id,
                shipping_method_id=shipment.shipping_method_id, shipping_method_name=shipment.shipping_method_name,
                shipping_cost=shipment.shipping_cost)
            for line in LineItem.objects.filter(shipment=shipment).order_by("id"):
                lines[line.pk] = LineItem.objects.create(
                    shipment=new_shipment, sku_id=line.sku_id, sku_code=line.sku_code, display_name=line.display_name,
                    quantity=line.quantity, placed_price=line.placed_price, list_price=line.list_price)
    for discount in Discount.objects.filter(order_group=subscription, shipment__isnull=True):
        Discount.objects.create(order_group=target, scope=discount.scope, value_type=discount.value_type,
                                value=discount.value, reason=discount.reason, coupon_id=discount.coupon_id,
                                line_item=lines.get(discount.line_item_id))


def _place_cycle(schedule: Schedule, due: datetime.date, user) -> Outcome:
    """Place the cycle's order and count the cycle, with the subscription locked (it is copied as it is now);
    or, when the order cannot be placed, write nothing but the subscription's note of why."""
    subscription = schedule.subscription
    cycle = schedule.completed_cycles + 1
    try:
        # A job shows nobody a version: it works on the subscription as it finds it under the lock.
        with changing(subscription, user=user, version=None, action=Action.SCHEDULE) as change:
            order = OrderGroup.objects.create(
                kind=Kind.CART, number=numbers.next_number(numbers.CART), name=SUBSCRIPTION_ORDER,
                customer_id=subscription.customer_id, customer_name=subscription.customer_name, customer_email=subscription.customer_email,
                customer_phone=subscription.customer_phone, organization_id=subscription.organization_id,
                organization_name=subscription.organization_name, market_id=subscription.market_id, currency=subscription.currency,
                subscription=subscription, created_by=user, modified_by=user)
            with creating(order, user=user) as made:
                _copy_structure(change.order, order)
                made.note("Placed by a subscription", f"{subscription.number}, cycle {cycle}, due {due}",
                          action="subscription_cycle")
            cart_place_order(order, user=user, version=order.version, allow_balance_due=True)
            schedule.completed_cycles = cycle
            schedule.last_transaction_date = due
            schedule.save(update_fields=["completed_cycles", "last_transaction_date"])
            change.note(f"Cycle {cycle} placed", f"Order {order.number}, due {due}", action="cycle_placed")
    except OrderError as refused:  # ConversionRefused among them
        with changing(subscription, user=user, version=None, action=Action.SCHEDULE) as change:
            change.note(f"Cycle {cycle} not placed", f"Due {due}: {refused.message}", action="cycle_failed")
        return Outcome(subscription.number, problem=refused.message)
    return Outcome(subscription.number, order=order.number)


def subscriptions_place_due_orders(*, today: datetime.date, user=None, limit: int | None = None) -> list[Outcome]:
    """Place every due cycle (at most `limit` subscriptions), one transaction per subscription."""
    candidates = Schedule.objects.filter(active=True, start_date__lte=today, subscription__kind=Kind.SUBSCRIPTION)
    outcomes = []
    for schedule_id in candidates.order_by("subscription_id").values_list("subscription_id", flat=True):
        if limit is not None and len(outcomes) >= limit:
            break
        with transaction.atomic():
            schedule = (Schedule.objects.select_for_update(skip_locked=True, of=("self",))
                        .select_related("subscription").filter(pk=schedule_id).first())
            if schedule is None or not schedule.is_due(today):
                continue
            outcomes.append(_place_cycle(schedule, schedule.next_cycle_date, user))
    return outcomes


# What an administrator sets on a schedule; the recurring job counts the rest.
SCHEDULE_SETTINGS = ("cycle_mode", "cycle_length", "start_date", "end_date", "max_cycles", "active")


def _shown(schedule: Schedule, name: str) -> str:
    value = getattr(schedule, name)
    if name == "cycle_mode":
        return schedule.get_cycle_mode_display().lower()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "none" if value is None else str(value)


def subscription_set_schedule(subscription: OrderGroup, *, user, version: int, **settings) -> Schedule:
    """Change some of SCHEDULE_SETTINGS on the subscription's schedule, with the subscription's System note
    saying what changed. Settings equal to what is stored change nothing and write nothing.

    The schedule's row is locked before the subscription's (in changing()): the recurring job takes them in
    that order too, so the two never wait for each other in a circle.
    """
    unknown = set(settings) - set(SCHEDULE_SETTINGS)
    if unknown:
        raise TypeError(f"Not a schedule setting: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        schedule = Schedule.objects.select_for_update().get(subscription_id=subscription.pk)
        before = {name: _shown(schedule, name) for name in settings}
        for name, value in settings.items():
            setattr(schedule, name, value)
        changed = [name for name in settings if _shown(schedule, name) != before[name]]
        if not changed:
            return schedule
        if schedule.max_cycles and schedule.max_cycles < schedule.completed_cycles:
            raise OrderError(f"{schedule.completed_cycles} cycles have run already: the maximum can be no lower.",
                             field="max_cycles")
        if schedule.end_date and schedule.end_date < schedule.start_date:
            raise OrderError("The end date comes before the start date.", field="end_date")
        with changing(subscription, user=user, version=version, action=Action.SCHEDULE) as change:
            schedule.save(update_fields=changed)
            change.note("Schedule changed", "; ".join(
                f"{Schedule._meta.get_field(name).verbose_name} {before[name]} -> {_shown(schedule, name)}"
                for name in changed), action="schedule_changed")
    return schedule
