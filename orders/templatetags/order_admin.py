"""The date hierarchy of the order changelists, without a pass over every order."""
import datetime

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.db.models import Max, Min
from django.utils import formats, timezone
from django.utils.text import capfirst

register = template.Library()


def month_title(year: int, month: int) -> str:
    return capfirst(formats.date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT"))


@register.inclusion_tag("admin/date_hierarchy.html")
def order_date_hierarchy(cl):
    """Django's date hierarchy, except that the years and months offered come from the first and
    the last order (two index look-ups) instead of a SELECT DISTINCT over every matching order,
    which costs as much as the COUNT(*) the paginator avoids. A year or a month in between that
    has no orders is offered anyway, and lists none. Days come from Django: one month is small.
    """
    field = cl.date_hierarchy
    if cl.params.get(f"{field}__month"):
        return date_hierarchy(cl)
    span = cl.queryset.aggregate(first=Min(field), last=Max(field))
    if span["first"] is None:
        return {"show": False}
    first, last = timezone.localtime(span["first"]), timezone.localtime(span["last"])
    if (first.year, first.month) == (last.year, last.month) and not cl.params.get(f"{field}__year"):
        return date_hierarchy(cl)  # all in one month: Django lists its days

    def link(**lookups):
        return cl.get_query_string({f"{field}__{name}": value for name, value in lookups.items()}, [f"{field}__"])

    if first.year == last.year:  # one year, chosen or the only one
        return {
            "show": True,
            "back": {"link": link(), "title": "All dates"},
            "choices": [{"link": link(year=first.year, month=month), "title": month_title(first.year, month)}
                        for month in range(first.month, last.month + 1)],
        }
    return {
        "show": True,
        "back": None,
        "choices": [{"link": link(year=year), "title": str(year)} for year in range(first.year, last.year + 1)],
    }
