"""What the hand-rendered HTML saves: the figures quoted beside it in csrportal/tables.py and
csrportal/templatetags/portal_list.py, and in docs/performance.md ("Rendering a table").

    SECRET_KEY=x .venv/bin/python bench/render_cost.py        # ROWS=25 for a smaller page

Renders in memory (no database, no request) with the production template engine:

1. The Purchase orders table's body, ROWS rows, with its default columns and with all of them:
   - the cells' text alone (what every way pays: PortalTable.text_rows);
   - as the portal draws it: PortalTable.html_rows, one `{{ cells }}` per row;
   - the same cells through a template loop (one `<td>` per cell, the link and the number class
     decided in the template);
   - django-tables2 cell by cell (BoundRow, BoundColumn, attrs, linkify) in a minimal template.
2. The Purchase orders filter form's controls: the portal's `filter_control` / `filter_checkboxes`
   tags, and Django's widget templates (`{{ field }}`).

Times are CPU time of this process (best of REPEAT runs), so other work on the machine moves them
little.
"""
import os
import sys
import time
import timeit
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csrportal.settings")

import django  # noqa: E402

django.setup()

import django_tables2 as tables  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from catalog.models import Market  # noqa: E402
from orders import filters  # noqa: E402
from orders.models import Kind, OrderGroup, OrderStatus  # noqa: E402
from orders.tables import PurchaseOrderTable  # noqa: E402

ROWS = int(os.environ.get("ROWS", 100))
REPEAT = int(os.environ.get("REPEAT", 15))
engine = engines["django"]


def best_ms(render, number: int) -> float:
    return min(timeit.repeat(render, number=number, repeat=REPEAT, timer=time.process_time)) / number * 1000


def orders(count: int) -> list[OrderGroup]:
    market, now = Market(code="US", name="United States", default_currency="USD"), timezone.now()
    made = []
    for index in range(count):
        order = OrderGroup(
            kind=Kind.PURCHASE_ORDER, number=f"PO{10000 + index}", name="Purchase order", created=now, modified=now,
            customer_name="Taylor Hayes", customer_email="taylor.hayes@example.com", market=market, currency="USD",
            status=OrderStatus.IN_PROGRESS, item_count=3, subtotal=Decimal("1234.50"), discount_total=Decimal("10.00"),
            shipping_total=Decimal("9.95"), tax_total=Decimal("98.76"), total=Decimal("1333.21"),
            balance_due=Decimal("1333.21"), shipment_summary="1 Inventory Assigned")
        order.subscription_number = ""
        made.append(order)
    return made


HAND = engine.from_string("{% for cells in rows %}<tr>{{ cells }}</tr>{% endfor %}")
LOOP = engine.from_string(
    "{% for row in rows %}<tr>{% for kind, text in row.cells %}"
    "{% if kind == 'link' %}<td><a href=\"{{ row.url }}\">{{ text }}</a></td>"
    "{% elif kind == 'number' %}<td class=\"number\">{{ text }}</td>"
    "{% else %}<td>{{ text }}</td>{% endif %}"
    "{% endfor %}</tr>{% endfor %}")
TABLES2 = engine.from_string(
    "{% for row in table.rows %}<tr>{% for column, cell in row.items %}"
    "<td {{ column.attrs.td.as_html }}>{{ cell }}</td>{% endfor %}</tr>{% endfor %}")


class TextColumn(tables.Column):
    """A tables2 column showing the portal column's text."""

    def __init__(self, portal_column, **kwargs):
        super().__init__(verbose_name=portal_column.verbose_name, accessor="pk", empty_values=(), **kwargs)
        self.text = portal_column.text

    def render(self, record):
        return self.text(record)


def table_figures(records, keys) -> dict[str, float]:
    columns = PurchaseOrderTable.base_columns
    kinds = ["link" if key == PurchaseOrderTable.link_column else "number" if columns[key].numeric else ""
             for key in keys]
    link = reverse(PurchaseOrderTable.detail_url_name, args=["NUMBER"])

    def by_hand():
        return HAND.render({"rows": PurchaseOrderTable.html_rows(records, keys)})

    def in_a_template_loop():
        rows = [{"url": link.replace("NUMBER", record.number), "cells": list(zip(kinds, cells, strict=True))}
                for record, cells in PurchaseOrderTable.text_rows(records, keys)]
        return LOOP.render({"rows": rows})

    attributes = {
        key: TextColumn(columns[key], attrs={"td": {"class": "number"}} if columns[key].numeric else {},
                        linkify=(lambda record: link.replace("NUMBER", record.number))
                        if key == PurchaseOrderTable.link_column else None)
        for key in keys}
    Table = type("Table", (tables.Table,), attributes)

    def with_tables2():
        return TABLES2.render({"table": Table(records, sequence=keys)})

    for render in (by_hand, in_a_template_loop, with_tables2):  # the three draw the same cells
        html = render()
        assert html.count("<tr>") == len(records) and "Taylor Hayes" in html and "1,333.21 USD" in html, render
    return {
        "cells' text only": best_ms(lambda: PurchaseOrderTable.text_rows(records, keys), 20),
        "hand-rendered rows (the portal)": best_ms(by_hand, 20),
        "template loop": best_ms(in_a_template_loop, 20),
        "django-tables2 cell by cell": best_ms(with_tables2, 5),
    }


def filter_figures() -> dict[str, float]:
    filters.market_choices = lambda: [("US", "United States"), ("EU", "Eurozone"), ("SE", "Sweden"), ("JP", "Japan")]
    form = filters.PurchaseOrderFilter(QueryDict("customer=tay&status=in_progress&market=US"),
                                       queryset=OrderGroup.objects.none()).form
    form.is_valid()
    ours = engine.from_string(
        "{% load portal_list %}{% for field in form %}{% if field.field.widget.input_type == 'checkbox' %}"
        "{% filter_checkboxes field %}{% else %}{% filter_control field %}{% endif %}{% endfor %}")
    django_widgets = engine.from_string("{% for field in form %}{{ field }}{% endfor %}")
    return {
        f"filter_control tags ({len(form.fields)} filters)": best_ms(lambda: ours.render({"form": form}), 50),
        f"Django's widget templates ({len(form.fields)} filters)": best_ms(lambda: django_widgets.render({"form": form}), 50),
    }


def main():
    records = orders(ROWS)
    print(f"Purchase orders table, {ROWS} rows, CPU ms (best of {REPEAT}):")
    for label, keys in (("default columns", PurchaseOrderTable.default_keys()), ("all columns", PurchaseOrderTable.all_keys())):
        for way, ms in table_figures(records, keys).items():
            print(f"  {label} ({len(keys)}): {way:34} {ms:6.2f}")
    print(f"Filter controls, CPU ms (best of {REPEAT}):")
    for way, ms in filter_figures().items():
        print(f"  {way:44} {ms:6.2f}")


if __name__ == "__main__":
    main()
