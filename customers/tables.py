"""The Customers tab's table. Orders, Last order and Lifetime value are the customer's figures,
kept by orders/customer_figures.py, so they cost no aggregation here."""
from django.utils import timezone

from csrportal.tables import Column, PortalTable, attribute, money_text
from customers.models import CustomerFigure

LIFETIME_VALUE_NEEDS_ONE_CURRENCY = ("Choose one currency to sort by {}: amounts in different currencies are not "
                                     "compared.")


def _name_of(relation: str):
    def text(record) -> str:
        related = getattr(record, relation)
        return related.name if related else ""

    return text


def day(attribute_name: str):
    """The date alone: when a customer joined or last ordered, the time of day tells a CSR nothing
    (and the table then fits a laptop screen)."""

    def text(record) -> str:
        moment_ = getattr(record, attribute_name)
        return timezone.localtime(moment_).strftime("%Y-%m-%d") if moment_ else ""

    return text


def lifetime_value(record) -> str:
    """Every currency the customer has bought in ("120.00 USD; 3,000 JPY"), or with a Currency filter
    only that currency's."""
    return "; ".join(money_text(figure.lifetime_value, figure.currency) for figure in record.shown_figures)


class CustomerTable(PortalTable):
    """Sortable where an index on (column, id) serves the sort (customers migration 0004); Name
    sorts by last name. Last order is not sortable: customers who never ordered have none, and
    keyset paging walks a column without gaps. Lifetime value sorts within one currency, on the
    figures' (currency, lifetime value, customer) index."""

    preference_key = "customers"
    link_column = "name"
    detail_url_name = "customer_detail"
    link_attribute = "pk"
    amount_sort_needs = LIFETIME_VALUE_NEEDS_ONE_CURRENCY

    name = Column("Name", attribute("full_name"), sort="last_name", shown_by_default=True)
    email = Column("Email", attribute("email"), sort="email", shown_by_default=True)
    phone = Column("Phone", attribute("phone"), shown_by_default=True)
    group = Column("Customer group", _name_of("group"), shown_by_default=True)
    # Off by default: most customers buy for themselves, and the table fits a laptop screen without it.
    organization = Column("Organization", _name_of("organization"))
    last_order_market = Column("Market of last order", _name_of("last_order_market"), shown_by_default=True)
    order_count = Column("Orders", lambda record: str(record.order_count), sort="order_count", numeric=True,
                         shown_by_default=True, initial_sort_descending=True)
    last_order_at = Column("Last order", day("last_order_at"), shown_by_default=True)
    lifetime_value = Column("Lifetime value", lifetime_value, sort="lifetime_value", numeric=True, per_currency=True,
                            shown_by_default=True, initial_sort_descending=True)
    created = Column("Created", day("created"), sort="created", shown_by_default=True, initial_sort_descending=True)

    @classmethod
    def prepare(cls, records):
        """The page's figures in one query (or none, with a Currency filter: the rows carry theirs)."""
        if records and not hasattr(records[0], "figure_currency"):
            figures = {}
            for figure in CustomerFigure.objects.filter(customer__in=[record.pk for record in records]):
                figures.setdefault(figure.customer_id, []).append(figure)
        for record in records:
            if hasattr(record, "figure_currency"):
                record.shown_figures = [CustomerFigure(currency=record.figure_currency,
                                                       lifetime_value=record.lifetime_value)]
            else:
                record.shown_figures = figures.get(record.pk, [])
        return records
