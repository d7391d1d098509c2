"""Display helpers for the order page: money, and the edit forms (orders.forms) its regions draw."""
from dataclasses import dataclass

from django import template
from django.utils.html import format_html

from csrportal.money import format_money, round_money
from orders.edits import EDITS

register = template.Library()


@register.filter
def money(amount, currency):
    """1234.5, "USD" -> "1,234.50 USD"; yen without decimals."""
    return format_money(amount, currency)


@register.filter
def amount(value, currency):
    """The number alone, rounded for the currency, for an input's value."""
    return "" if value is None else str(round_money(value, currency))


@register.filter
def person(user) -> str:
    """Who did it: a user's full name, else their username; "System" for the system's own work."""
    return (user.get_full_name() or user.get_username()) if user else "System"


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


# --- For the cart pages' hand-made forms (templates/carts/), until they are Django forms too. ------

def _matches(failure, edit, pk) -> bool:
    return bool(failure) and failure["edit"] == edit and str(failure.get("pk") or "") == str(pk or "")


def error_id(edit, pk, field) -> str:
    """The id of the message beside a field, for the field's aria-describedby."""
    return f"{edit}-{pk or 0}-{field or 'form'}-error"


@register.simple_tag
def error_for(failure, edit, pk, field):
    """The message of a refused edit, beside the field it names."""
    if not _matches(failure, edit, pk) or failure.get("stale") or failure.get("field") != field:
        return ""
    return format_html('<p class="field-error" id="{}" role="alert">{}</p>', error_id(edit, pk, field), failure["message"])


@register.simple_tag
def described_by(edit, pk, field):
    return error_id(edit, pk, field)


@register.simple_tag
def invalid(failure, edit, pk, field):
    """aria-invalid for the field a refused edit names."""
    return "true" if _matches(failure, edit, pk) and failure.get("field") == field else "false"


@register.simple_tag
def typed(failure, edit, pk, name, default=""):
    """What the CSR typed, when their edit was refused, so it need not be typed again."""
    if _matches(failure, edit, pk) and failure.get("data") is not None and name in failure["data"]:
        return failure["data"].get(name)
    return default


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
