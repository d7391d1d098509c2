"""Small template helpers for list screens: links that change one thing about the view."""
from django import template
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def sort_link(listing, key):
    return listing.sort_link(key)


@register.simple_tag
def sort_class(listing, key):
    return "desc" if listing.sort == "-" + key else "asc" if listing.sort == key else ""


@register.simple_tag
def aria_sort(listing, key):
    return "descending" if listing.sort == "-" + key else "ascending" if listing.sort == key else "none"


@register.simple_tag
def page_query(listing, name, value):
    params = QueryDict(listing.query, mutable=True)
    params[name] = value
    return params.urlencode()


@register.simple_tag
def clear_filters(listing):
    """The view without any filter: sort, page size and columns stay."""
    kept = QueryDict(listing.query)
    params = QueryDict(mutable=True)
    for name in ("sort", "per_page", "cols"):
        if name in kept:
            params[name] = kept[name]
    return params.urlencode()


@register.simple_tag
def filter_control(field):
    """A filter's input or select, hand-rendered: a list page draws every filter on every full
    view, and Django's widget templates cost four times as much. Measured (bench/render_cost.py,
    CPU time): the Purchase orders tab's 9 filters take 0.7 ms with these tags, 2.9 ms as
    `{{ field }}` (as much as 50 hand-rendered table rows). Every value passes through format_html."""
    widget = field.field.widget
    attrs = format_html_join("", ' {}="{}"', ((name, value) for name, value in widget.attrs.items()
                                              if value is not True and name != "type"))
    if getattr(widget, "allow_multiple_selected", False) is False and hasattr(field.field, "choices"):
        chosen = "" if field.value() is None else str(field.value())
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (value, " selected" if str(value) == chosen else "", label) for value, label in field.field.choices))
        return format_html('<select name="{}" id="{}"{}{}>{}</select>', field.html_name, field.auto_id, attrs,
                           _described(field), options)
    value = field.value()
    return format_html('<input type="{}" name="{}" id="{}" value="{}"{}{}>', widget.attrs.get("type", widget.input_type),
                       field.html_name, field.auto_id, "" if value is None else value, attrs, _described(field))


def _described(field):
    """The control's error (beside it, see portal/_filter_error.html) as its description."""
    invalid = ' aria-invalid="true"' if field.errors else ""
    return format_html('{} aria-describedby="{}_error"', mark_safe(invalid), field.auto_id)


@register.simple_tag
def filter_checkboxes(field):
    """The choices of a several-values filter as labelled checkboxes, hand-rendered for the reason
    (and within the figure) of filter_control."""
    chosen = {str(value) for value in (field.value() or [])}
    return format_html_join("", '<label class="check"><input type="checkbox" name="{}" value="{}" id="{}_{}"{}> {}</label>', (
        (field.html_name, value, field.auto_id, index, " checked" if str(value) in chosen else "", label)
        for index, (value, label) in enumerate(field.field.choices)))
