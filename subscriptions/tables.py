"""The Subscriptions tab's table: subscriptions with their cycle."""
from csrportal.tables import Column, PortalTable, attribute, moment, money


def _next_order(record) -> str:
    """The next order date, or "Paused", "Cancelled", "Ended" (past its end date or its maximum)."""
    return record.schedule.next_order_text


class SubscriptionTable(PortalTable):
    preference_key = "subscriptions"
    link_column = "number"
    detail_url_name = "subscription:order_detail"

    number = Column("No.", attribute("number"), shown_by_default=True)
    customer_name = Column("Customer name", attribute("customer_name"), sort="customer_name", shown_by_default=True)
    customer_email = Column("Customer email", attribute("customer_email"), sort="customer_email", shown_by_default=True)
    market = Column("Market", lambda record: record.market.name, shown_by_default=True)
    cycle = Column("Cycle", lambda record: str(record.schedule), shown_by_default=True)
    placed = Column("Orders placed", lambda record: str(record.schedule.completed_cycles), numeric=True,
                    shown_by_default=True)
    next_order = Column("Next order", _next_order, shown_by_default=True)
    last_result = Column("Last result", lambda record: record.schedule.last_result_text, shown_by_default=True)
    total = Column("Total per order", money("total"), sort="total", numeric=True, shown_by_default=True, per_currency=True,
                   initial_sort_descending=True)
    created = Column("Created", moment("created"), sort="created", shown_by_default=True, initial_sort_descending=True)
    modified = Column("Last modified", moment("modified"), sort="modified", initial_sort_descending=True)
