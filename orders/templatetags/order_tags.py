"""Display helpers for the order page: money, and the edit forms (orders.forms) its regions draw."""
from dataclasses import dataclass

from django import template

from csrportal.money import round_money
from csrportal.templatetags import portal_money
from orders.edits import EDITS

register = template.Library()


# The order page's templates load this library alone; money is the portal's one formatter.
register.filter("money", portal_money.money)


@register.filter
def amount(value, currency):
    """The number alone, rounded for the currency, for an input's value."""
    return "" if value is None else str(round_money(value, currency))


@register.filter
def person(user) -> str:
    """Who did it: a user's full name, else their username; "System" for the system's own work."""
    return (user.get_full_name() or user.get_username()) if user else "System"


@register.filter
def tracking_url(shipment) -> str:
    """The carrier's page for the shipment's tracking number, from its shipping method's template
    (catalog.ShippingMethod.tracking_url); "" when there is none (the number shows as text)."""
    method = shipment.shipping_method if shipment.shipping_method_id else None
    return method.tracking_url(shipment.tracking_number) if method is not None else ""


@register.simple_tag(takes_context=True)
def edit_form(context, edit, pk=None, **initial):
    """The form of one edit for this order: the one just refused (what was typed, and why) when it
    is this edit of this item, else a fresh one filled with `initial`."""
    refused = context.get("refused")
    if refused is not None and refused.matches(edit, pk):
        form = refused.form
    else:
        form = EDITS[edit].form(order=context["order"], edit=edit, pk=pk, initial=initial)
    if context.get("page") is not None:
        form.offer(context["page"])
    return form


@dataclass
class Fold:
    """A folded edit form (<details>). Its form is drawn only when it is open: when asked for
    (?open=<key>, which is also how htmx fetches it on first unfolding) or when its edit was just
    refused. Most page views never unfold most forms, and drawing them all would double the cost
    of the page. orders/_fold_summary.html draws its summary; `url` is also the link shown in its
    place while it is folded, so it works without JavaScript."""

    key: str
    open: bool
    url: str

    @property
    def body_id(self) -> str:
        return f"fold-{self.key}"


@register.simple_tag(takes_context=True)
def fold(context, edit, pk):
    key = f"{edit}-{pk or 0}"
    refused = context.get("refused")
    is_open = context.get("open_form") == key or (refused is not None and refused.matches(edit, pk))
    return Fold(key=key, open=is_open, url=f"{context['tab_url']}?open={key}#{'fold-' + key}")
