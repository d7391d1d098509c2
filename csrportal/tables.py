"""The base of every portal table.

Columns are declared with django-tables2 (label, sort field, which are shown by default); the
body is not drawn by it: tables2's per-cell machinery costs about 0.9 ms a row (below), more than
our whole page budget allows at 100 rows. Each column gives its cell as plain text; html_rows
makes a row's HTML of them, and the same text cells feed the CSV export.
"""
from dataclasses import dataclass
from urllib.parse import quote

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from csrportal.money import minor_units


class Column(tables.Column):
    def __init__(self, verbose_name: str, text, *, sort: str | None = None, numeric: bool = False,
                 shown_by_default: bool = False, per_currency: bool = False, **kwargs):
        super().__init__(verbose_name=verbose_name, orderable=bool(sort), order_by=(sort,) if sort else None, **kwargs)
        self.text = text
        self.sort = sort
        self.numeric = numeric
        self.shown_by_default = shown_by_default
        # Amounts in each row's own currency: sorted only within one market, since 100 USD and
        # 100 JPY are not the same amount and ordering them as numbers would say they were.
        self.per_currency = per_currency


AMOUNT_SORT_NEEDS_ONE_MARKET = "Choose one market to sort by {}: amounts in different currencies are not compared."


@dataclass(frozen=True)
class Header:
    key: str
    label: str
    sort: str | None
    numeric: bool
    why_not_sortable: str = ""


def money_text(amount, currency: str) -> str:
    """"1,234.50 USD": every amount in a list or CSV carries its currency (yen without decimals)."""
    return f"{amount:,.{minor_units(currency)}f} {currency}"


def money(field: str):
    def text(record) -> str:
        return money_text(getattr(record, field), record.currency)

    return text


def moment(field: str):
    def text(record) -> str:
        return timezone.localtime(getattr(record, field)).strftime("%Y-%m-%d %H:%M")

    return text


def attribute(field: str):
    return lambda record: str(getattr(record, field) or "")


class PortalTable(tables.Table):
    preference_key = ""
    link_column = ""
    detail_url_name = ""
    link_attribute = "number"  # what the detail URL takes: an order's number, a customer's pk
    # Why a per-currency column does not sort now (the header's title, the message of a refused sort).
    amount_sort_needs = AMOUNT_SORT_NEEDS_ONE_MARKET

    @classmethod
    def prepare(cls, records: list) -> list:
        """Give the page's records what their cells show beyond their own fields, in a fixed
        number of queries."""
        return records

    @classmethod
    def all_keys(cls) -> list[str]:
        return list(cls.base_columns)

    @classmethod
    def default_keys(cls) -> list[str]:
        return [key for key, column in cls.base_columns.items() if column.shown_by_default]

    @classmethod
    def sort_fields(cls) -> dict[str, str]:
        return {key: column.sort for key, column in cls.base_columns.items() if column.sort}

    @classmethod
    def per_currency_sorts(cls) -> set[str]:
        return {key for key, column in cls.base_columns.items() if column.sort and column.per_currency}

    @classmethod
    def clean_keys(cls, keys) -> tuple[list[str], list[str]]:
        """The known column keys, in order and once each, and the unknown ones."""
        known, unknown = [], []
        for key in keys:
            if key in cls.base_columns:
                if key not in known:
                    known.append(key)
            elif key:
                unknown.append(key)
        return known, unknown

    @classmethod
    def headers(cls, keys, *, one_currency: bool = True) -> list[Header]:
        """The column headers; amount columns sort only when the rows share one currency."""
        headers = []
        for key in keys:
            column = cls.base_columns[key]
            label = str(column.verbose_name)
            if column.per_currency and not one_currency:
                headers.append(Header(key, label, None, column.numeric, cls.amount_sort_needs.format(label)))
            else:
                headers.append(Header(key, label, column.sort, column.numeric))
        return headers

    @classmethod
    def text_rows(cls, records, keys) -> list[tuple]:
        """(record, [cell text]) for each record, in the order of `keys`."""
        texts = [cls.base_columns[key].text for key in keys]
        return [(record, [text(record) for text in texts]) for record in records]

    @classmethod
    def html_rows(cls, records, keys) -> list[str]:
        """Each record's cells as escaped HTML, the link column opening the record's page.

        Hand-rendered rather than one `<td>` at a time in the template, because it is the largest
        cost of a list page. Measured (bench/render_cost.py, CPU time, the Purchase orders table's
        10 default columns): 100 rows take 5.7 ms this way, 12.2 ms through a template loop and
        87 ms through django-tables2; 25 rows 1.3, 2.9 and 22 ms. The first page's budget is
        30 ms (docs/performance.md, "Our targets"). Every text is escaped, so it is as safe as a
        template."""
        # A stand-in of digits, which every URL converter takes (a number's str, a pk's int).
        link = reverse(cls.detail_url_name, args=["1234567890"]) if cls.detail_url_name else ""
        templates = [
            '<td><a href="' + link.replace("1234567890", "{url_number}") + '">{text}</a></td>' if key == cls.link_column
            else '<td class="number">{text}</td>' if cls.base_columns[key].numeric else "<td>{text}</td>"
            for key in keys
        ]
        rows = []
        for record, cells in cls.text_rows(records, keys):
            url_number = escape(quote(str(getattr(record, cls.link_attribute)))) if link else ""
            rows.append(mark_safe("".join(template.format(text=escape(text), url_number=url_number)
                                          for template, text in zip(templates, cells, strict=True))))
        return rows
