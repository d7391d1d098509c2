"""Small template helpers for list screens: links that change one thing about the view."""
from django import template
from django.http import QueryDict

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
