"""Subscriptions: turning a cart into one (cart_convert_to_subscription), the settings a CSR or an
administrator sets (subscription_set_schedule), the CSR's actions (pause, resume, skip the next order,
place the next order now, cancel) and the recurring job that places the cycles.

Turning a cart into a subscription takes the checks of placing a cart (carts.operations), less
stock and payment, which are checked when each cycle is placed.

The recurring job, in which each due subscription places its cycle's purchase order:

    for every active schedule that may be due:
        lock its row (SKIP LOCKED: a schedule another worker holds is left to it)
        ask again, under the lock, whether it is due (another run may just have placed it)
        copy the subscription into a cart and place it with the cart's own checks and stock reservation
        count the cycle: last transaction = the date the cycle was due; the next order date moves to the first cycle date
        after today, on the plan's rhythm (so a plan that is behind places one order, never one per missed cycle)
        commit

The lock and the second look make it safe on many machines at once and when run twice: a cycle
is placed once. A cycle that cannot be placed (stock, an unsold SKU, no address) is noted on the
subscription and tried again on the next run.
"""
import datetime
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from carts.operations import ConversionRefused, cart_place_order, conversion_problems
from orders import numbers
from orders.models import Discount, Kind, LineItem, OrderAddress, OrderForm, OrderGroup, Shipment
from orders.operations import Action, OrderError
from orders.operations.base import changing, creating
from orders.operations.pricing import reprice
from subscriptions.models import CycleMode, LastResult, OutboxKind, Schedule, cycle_text, first_cycle_date
from subscriptions.notify import queue_message

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
                                end_date=end_date, max_cycles=max_cycles, next_order_date=start_date)
        change.note("Subscription created",
                    f"From cart {cart_number}: {cycle_text(cycle_mode, cycle_length).lower()} from {start_date}",
                    action="created")
    return cart


@dataclass
class Outcome:
    subscription: str
    order: str = ""
    problem: str = ""
    due: datetime.date | None = None


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


def _after_placing(schedule: Schedule, today: datetime.date) -> datetime.date | None:
    """The next order date once a cycle is placed today: the first cycle date after today on the plan's rhythm
    (one cycle on from the date that was due, or more when the plan was behind)."""
    if schedule.cycle_mode == CycleMode.NONE:
        return None
    return first_cycle_date(schedule.next_order_date, schedule.cycle_mode, schedule.cycle_length, after=today, minimum=1)


def _place_cycle(schedule: Schedule, *, today: datetime.date, user, change) -> OrderGroup:
    """Place the cycle's order and count the cycle, inside `change` (the subscription locked, after its
    schedule): the order is copied from the subscription as it is now. Raises OrderError (and the caller's
    transaction writes nothing of it) when the order cannot be placed."""
    subscription = change.order
    cycle = schedule.completed_cycles + 1
    due = schedule.next_order_date
    with transaction.atomic():
        order = OrderGroup.objects.create(
            kind=Kind.CART, number=numbers.next_number(numbers.CART), name=SUBSCRIPTION_ORDER,
            customer_id=subscription.customer_id, customer_name=subscription.customer_name,
            customer_email=subscription.customer_email, customer_phone=subscription.customer_phone,
            organization_id=subscription.organization_id, organization_name=subscription.organization_name,
            market_id=subscription.market_id, currency=subscription.currency, subscription=subscription,
            created_by=user if getattr(user, "pk", None) else None, modified_by=user if getattr(user, "pk", None) else None)
        with creating(order, user=user) as made:
            _copy_structure(subscription, order)
            made.note("Placed by a subscription", f"{subscription.number}, cycle {cycle}, due {due}",
                      action="subscription_cycle")
        cart_place_order(order, user=user, version=order.version, allow_balance_due=True)
    schedule.completed_cycles = cycle
    # The cycle's date (the rhythm is counted from it); today for an order placed now ahead of its date.
    schedule.last_transaction_date = min(due, today)
    schedule.next_order_date = _after_placing(schedule, today)
    schedule.last_result, schedule.last_result_at, schedule.last_problem = LastResult.PLACED, timezone.now(), ""
    schedule.save(update_fields=["completed_cycles", "last_transaction_date", "next_order_date", "last_result",
                                 "last_result_at", "last_problem"])
    change.note(f"Cycle {cycle} placed", f"Order {order.number}, due {due}; next order {_next_shown(schedule)}",
                action="cycle_placed")
    queue_message(subscription, OutboxKind.PLACED, order=order, detail=f"Cycle {cycle}, due {due}")
    return order


def _record_failure(schedule: Schedule, subscription: OrderGroup, *, user, problem: str) -> None:
    """A cycle that could not be placed: noted on the plan's History, its last result, a message to send.
    Its next order date stays, so the next run tries again."""
    cycle = schedule.completed_cycles + 1
    with changing(subscription, user=user, version=None, action=Action.SCHEDULE) as change:
        schedule.last_result, schedule.last_result_at = LastResult.FAILED, timezone.now()
        schedule.last_problem = problem[:500]
        schedule.save(update_fields=["last_result", "last_result_at", "last_problem"])
        change.note(f"Cycle {cycle} not placed", f"Due {schedule.next_order_date}: {problem}", action="cycle_failed")
        queue_message(change.order, OutboxKind.FAILED, detail=problem[:500])


def _due_candidates(today: datetime.date):
    """Active plans whose next order date has come (the schedule_active_next index), oldest id first."""
    return (Schedule.objects.filter(active=True, cancelled_at__isnull=True, next_order_date__lte=today,
                                    start_date__lte=today, subscription__kind=Kind.SUBSCRIPTION)
            .order_by("subscription_id"))


def subscriptions_due(*, today: datetime.date, limit: int | None = None) -> list[Outcome]:
    """What a run would place today, read without locking or writing (the command's --dry-run)."""
    outcomes = []
    for schedule in _due_candidates(today).select_related("subscription").iterator(chunk_size=500):
        if limit is not None and len(outcomes) >= limit:
            break
        if schedule.is_due(today):
            outcomes.append(Outcome(schedule.subscription.number, due=schedule.next_order_date))
    return outcomes


def subscriptions_place_due_orders(*, today: datetime.date, user=None, limit: int | None = None,
                                   progress=None) -> list[Outcome]:
    """Place every due cycle (at most `limit`), one transaction per subscription; at most one order per plan per
    run. `progress(done)` is called after every 100 plans looked at."""
    outcomes = []
    looked_at = 0
    for schedule_id in list(_due_candidates(today).values_list("subscription_id", flat=True)):
        if limit is not None and len(outcomes) >= limit:
            break
        looked_at += 1
        if progress and looked_at % 100 == 0:
            progress(looked_at)
        with transaction.atomic():
            schedule = (Schedule.objects.select_for_update(skip_locked=True, of=("self",))
                        .select_related("subscription").filter(pk=schedule_id).first())
            # Locked by another worker (it places this cycle), or placed meanwhile: not ours.
            if schedule is None or not schedule.is_due(today):
                continue
            subscription, due = schedule.subscription, schedule.next_order_date
            try:
                # A job shows nobody a version: it works on the subscription as it finds it under the lock.
                with changing(subscription, user=user, version=None, action=Action.SCHEDULE) as change:
                    order = _place_cycle(schedule, today=today, user=user, change=change)
            except OrderError as refused:  # ConversionRefused among them
                schedule.refresh_from_db()
                _record_failure(schedule, subscription, user=user, problem=refused.message)
                outcomes.append(Outcome(subscription.number, problem=refused.message, due=due))
            else:
                outcomes.append(Outcome(subscription.number, order=order.number, due=due))
    return outcomes


# The CSR's actions on a subscription (the Summary's Actions box, the Settings tab) ---------------------------

@contextmanager
def _changing_schedule(subscription: OrderGroup, *, user, version: int | None, action: str):
    """Lock the schedule, then the subscription (the job's order, so neither waits on the other in a circle),
    check the version and whether the action may be taken now (Schedule.refusal); yield (change, schedule)."""
    if not subscription.is_subscription:
        raise OrderError(f"{subscription.number} is a {subscription.get_kind_display().lower()}, not a subscription.")
    with transaction.atomic():
        schedule = Schedule.objects.select_for_update(of=("self",)).filter(subscription_id=subscription.pk).first()
        if schedule is None:
            raise OrderError(f"{subscription.number} has no schedule.")
        with changing(subscription, user=user, version=version, action=Action.SCHEDULE) as change:
            if reason := schedule.refusal(action, subscription.number):
                raise OrderError(reason)
            yield change, schedule


def _next_shown(schedule: Schedule) -> str:
    return schedule.next_order_text if schedule.active or schedule.is_cancelled else (
        f"{schedule.next_order_date} (paused)" if schedule.next_order_date else schedule.next_order_text)


def _resumed_date(schedule: Schedule, today: datetime.date) -> datetime.date | None:
    """The next order date from today on the plan's rhythm, never a back-dated one."""
    current = schedule.next_order_date
    if current is None or current >= today or schedule.cycle_mode == CycleMode.NONE:
        return max(current, today) if current else current
    return first_cycle_date(current, schedule.cycle_mode, schedule.cycle_length, after=today, inclusive=True)


def subscription_pause(subscription: OrderGroup, *, user, version: int) -> Schedule:
    """No order is placed while paused; the next order date is kept until it is resumed."""
    with _changing_schedule(subscription, user=user, version=version, action="pause") as (change, schedule):
        was = schedule.next_order_text
        schedule.active = False
        schedule.save(update_fields=["active"])
        change.note("Subscription paused", f"No order while paused; the next order was {was}", action="paused")
    return schedule


def subscription_resume(subscription: OrderGroup, *, user, version: int, today: datetime.date | None = None) -> Schedule:
    """The next order date becomes the next cycle date from today (a missed one is not placed)."""
    today = today or timezone.localdate()
    with _changing_schedule(subscription, user=user, version=version, action="resume") as (change, schedule):
        schedule.active = True
        schedule.next_order_date = _resumed_date(schedule, today)
        schedule.save(update_fields=["active", "next_order_date"])
        change.note("Subscription resumed", f"Next order {schedule.next_order_text}", action="resumed")
    return schedule


def subscription_skip_next(subscription: OrderGroup, *, user, version: int, today: datetime.date | None = None) -> Schedule:
    """The next order date moves one cycle on (past today, when the plan is behind)."""
    today = today or timezone.localdate()
    with _changing_schedule(subscription, user=user, version=version, action="skip") as (change, schedule):
        skipped = schedule.next_cycle_date
        schedule.next_order_date = first_cycle_date(skipped, schedule.cycle_mode, schedule.cycle_length,
                                                    after=max(skipped, today))
        schedule.save(update_fields=["next_order_date"])
        change.note("Next order skipped", f"The order due {skipped} skipped; next order {schedule.next_order_text}",
                    action="skipped")
    return schedule


def subscription_place_now(subscription: OrderGroup, *, user, version: int, today: datetime.date | None = None) -> OrderGroup:
    """Place the next cycle's order now, with the job's checks (active, not ended, the cart's checks and stock),
    and count it; the next order date moves as the job moves it. A refusal writes nothing."""
    today = today or timezone.localdate()
    with _changing_schedule(subscription, user=user, version=version, action="place_now") as (change, schedule):
        return _place_cycle(schedule, today=today, user=user, change=change)


def subscription_cancel(subscription: OrderGroup, *, user, version: int, reason: str) -> Schedule:
    """Final: no more orders, no more changes to the schedule. The reason is shown with its status."""
    reason = (reason or "").strip()
    if not reason:
        raise OrderError("Say why the subscription is cancelled.", field="reason")
    with _changing_schedule(subscription, user=user, version=version, action="cancel") as (change, schedule):
        schedule.active, schedule.cancelled_at = False, timezone.now()
        schedule.save(update_fields=["active", "cancelled_at"])
        change.order.cancel_reason = reason[:500]
        change.note("Subscription cancelled", reason, action="cancelled")
    return schedule


# The settings a CSR (the Settings tab) or an administrator (the admin) sets; the recurring job counts the rest.
SCHEDULE_SETTINGS = ("cycle_mode", "cycle_length", "start_date", "end_date", "max_cycles", "active")
MAX_CYCLE_LENGTH = 365


def _shown(schedule: Schedule, name: str) -> str:
    value = getattr(schedule, name)
    if name == "cycle_mode":
        return schedule.get_cycle_mode_display().lower()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "none" if value is None else str(value)


def _next_after_settings(schedule: Schedule, changed: list[str], today: datetime.date) -> datetime.date | None:
    """Where the next order date goes when the settings change: to a new start date; on a new cycle, the first
    date of it after the last order (or from the start) that is not before today; else it stays."""
    if "start_date" in changed:
        return schedule.start_date
    if "cycle_mode" in changed or "cycle_length" in changed:
        if schedule.cycle_mode == CycleMode.NONE:
            return schedule.start_date if schedule.completed_cycles == 0 else None
        anchor = schedule.last_transaction_date or schedule.start_date
        return first_cycle_date(anchor, schedule.cycle_mode, schedule.cycle_length, after=max(today, schedule.start_date),
                                minimum=1 if schedule.last_transaction_date else 0, inclusive=True)
    if "active" in changed and schedule.active:
        return _resumed_date(schedule, today)
    return schedule.next_order_date


def subscription_set_schedule(subscription: OrderGroup, *, user, version: int, today: datetime.date | None = None,
                              **settings) -> Schedule:
    """Change some of SCHEDULE_SETTINGS on the subscription's schedule, with the subscription's System note
    saying what changed (and where the next order date went). Settings equal to what is stored change nothing
    and write nothing.

    Refused, beside the field: a cycle length outside 1-365, a start date moved into the past, an end before
    the start, a maximum below the cycles already placed. A cancelled subscription takes no change.
    The schedule's row is locked before the subscription's (in changing()): the recurring job takes them in
    that order too, so the two never wait for each other in a circle.
    """
    unknown = set(settings) - set(SCHEDULE_SETTINGS)
    if unknown:
        raise TypeError(f"Not a schedule setting: {', '.join(sorted(unknown))}.")
    if not subscription.is_subscription:
        raise OrderError(f"{subscription.number} is a {subscription.get_kind_display().lower()}, not a subscription.")
    today = today or timezone.localdate()
    with transaction.atomic():
        schedule = Schedule.objects.select_for_update(of=("self",)).get(subscription_id=subscription.pk)
        if reason := schedule.refusal("settings", subscription.number):
            raise OrderError(reason)
        before = {name: _shown(schedule, name) for name in SCHEDULE_SETTINGS}
        next_before = schedule.next_order_date
        for name, value in settings.items():
            setattr(schedule, name, value)
        changed = [name for name in settings if _shown(schedule, name) != before[name]]
        if not changed:
            return schedule
        if schedule.cycle_mode not in CycleMode.values:
            raise OrderError("Choose how often the order repeats.", field="cycle_mode")
        if not 1 <= schedule.cycle_length <= MAX_CYCLE_LENGTH:
            raise OrderError(f"The cycle length is 1 to {MAX_CYCLE_LENGTH}.", field="cycle_length")
        if "start_date" in changed and schedule.start_date < today:
            raise OrderError("The start date cannot be in the past.", field="start_date")
        if schedule.max_cycles < 0:
            raise OrderError("The number of cycles cannot be negative (0 means no limit).", field="max_cycles")
        if schedule.max_cycles and schedule.max_cycles < schedule.completed_cycles:
            raise OrderError(f"{schedule.completed_cycles} cycles have run already: the maximum can be no lower.",
                             field="max_cycles")
        if schedule.end_date and schedule.end_date < schedule.start_date:
            raise OrderError("The end date comes before the start date.", field="end_date")
        schedule.next_order_date = _next_after_settings(schedule, changed, today)
        with changing(subscription, user=user, version=version, action=Action.SCHEDULE) as change:
            schedule.save(update_fields=[*changed, "next_order_date"])
            details = [f"{Schedule._meta.get_field(name).verbose_name} {before[name]} -> {_shown(schedule, name)}"
                       for name in changed]
            if schedule.next_order_date != next_before:
                details.append(f"next order {next_before or 'none'} -> {schedule.next_order_date or 'none'}")
            change.note("Schedule changed", "; ".join(details), action="schedule_changed")
    return schedule
