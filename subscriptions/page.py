"""A subscription's part of the shared order page (orders.page, orders.edits): the Settings and Orders tabs and
the Summary's actions (Pause, Resume, Skip next order, Place next order now, Cancel subscription), registered
from subscriptions.apps. The order page's order_edit runs each edit: its form here reads the POST, the function
hands typed values to subscriptions.operations, and a refusal goes beside its field (or atop the tab)."""
from django.utils import timezone

from orders.edits import Edit
from orders.forms import ConfirmForm
from orders.models import Kind, OrderGroup
from orders.page import OrderTab
from subscriptions import operations
from subscriptions.forms import CancelSubscriptionForm, SettingsForm
from subscriptions.models import Schedule

SUBSCRIPTION_KIND = Kind.SUBSCRIPTION
SUBSCRIPTION = frozenset({Kind.SUBSCRIPTION})
ACTIONS_TEMPLATE = "subscriptions/_summary_actions.html"
# Past this many, the Orders tab shows the newest and says so (the Purchase orders tab has them all).
ORDERS_SHOWN = 100


def _version(form) -> int:
    return form.cleaned_data["version"]


def edit_settings(order, user, form):
    values = {name: form.cleaned_data[name] for name in operations.SCHEDULE_SETTINGS}
    operations.subscription_set_schedule(order, user=user, version=_version(form), today=timezone.localdate(), **values)


def edit_pause(order, user, form):
    operations.subscription_pause(order, user=user, version=_version(form))


def edit_resume(order, user, form):
    operations.subscription_resume(order, user=user, version=_version(form), today=timezone.localdate())


def edit_skip(order, user, form):
    operations.subscription_skip_next(order, user=user, version=_version(form), today=timezone.localdate())


def edit_place_now(order, user, form):
    operations.subscription_place_now(order, user=user, version=_version(form), today=timezone.localdate())


def edit_cancel(order, user, form):
    operations.subscription_cancel(order, user=user, version=_version(form), reason=form.cleaned_data["reason"])


EDITS = {
    "subscription-settings": Edit(SettingsForm, edit_settings, "Settings saved.", tab="settings"),
    "pause": Edit(ConfirmForm, edit_pause, "Subscription paused: no order is placed until it is resumed.", tab="summary"),
    "resume": Edit(ConfirmForm, edit_resume, "Subscription resumed.", tab="summary"),
    "skip-next": Edit(ConfirmForm, edit_skip, "Next order skipped.", tab="summary"),
    "place-now": Edit(ConfirmForm, edit_place_now, "Next order placed: it is on the Orders tab.", tab="summary"),
    "cancel-subscription": Edit(CancelSubscriptionForm, edit_cancel, "Subscription cancelled.", tab="summary"),
}


def _schedule(order: OrderGroup) -> Schedule | None:
    return Schedule.objects.filter(subscription_id=order.pk).first()


def settings_context(request, order, context) -> dict:
    refused = context.get("refused")
    schedule = _schedule(order)
    if refused is not None and refused.matches("subscription-settings", None):
        form = refused.form
    else:
        form = SettingsForm.for_schedule(order, schedule) if schedule else None
    return {"schedule": schedule, "settings_form": form}


def orders_context(request, order, context) -> dict:
    orders = list(OrderGroup.objects.filter(subscription=order, kind=Kind.PURCHASE_ORDER)
                  .order_by("-created", "-id")[:ORDERS_SHOWN + 1])
    return {"generated": orders[:ORDERS_SHOWN], "more_generated": len(orders) > ORDERS_SHOWN}


TABS = [
    OrderTab("settings", "Settings", 40, "subscriptions/tabs/settings.html", SUBSCRIPTION, settings_context),
    OrderTab("orders", "Orders", 50, "subscriptions/tabs/orders.html", SUBSCRIPTION, orders_context),
]
