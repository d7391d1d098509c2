"""Plain rows for bulk loading: one slotted dataclass per model, with the model's columns as fields.

A row holds exactly what goes into the table (foreign keys as `<name>_id`), so the generator can
hand rows straight to COPY or to bulk_create, and the calculator can read them like model
instances (it needs `pk` and, on discounts, the unset `line_item` / `shipment` relations).
"""
import dataclasses

from customers.models import Address, Customer, Organization
from orders.models import (
    Discount,
    LineItem,
    Note,
    OrderAddress,
    OrderForm,
    OrderGroup,
    Payment,
    ReturnForm,
    ReturnLine,
    Shipment,
)
from subscriptions.models import Schedule


def _default(field):
    if field.has_default() and not callable(field.default):
        return field.default
    if field.empty_strings_allowed and not field.null and not field.is_relation:
        return ""
    return None


def row_type(model):
    fields = [(f.attname, object, dataclasses.field(default=_default(f))) for f in model._meta.concrete_fields]
    cls = dataclasses.make_dataclass(f"{model.__name__}Row", fields, slots=True, eq=False)
    cls.model = model
    cls.pk = property(lambda row: getattr(row, model._meta.pk.attname))
    return cls


# In the order they are written.
MODELS = [
    Organization, Customer, Address, OrderGroup, OrderAddress, OrderForm, Shipment, LineItem, Payment, Discount,
    ReturnForm, ReturnLine, Note, Schedule,
]
ROW = {model: row_type(model) for model in MODELS}
ROW[Discount].line_item = None  # the calculator asks for the relation when the id is unset
ROW[Discount].shipment = None

OrganizationRow = ROW[Organization]
CustomerRow = ROW[Customer]
AddressRow = ROW[Address]
GroupRow = ROW[OrderGroup]
OrderAddressRow = ROW[OrderAddress]
FormRow = ROW[OrderForm]
ShipmentRow = ROW[Shipment]
LineRow = ROW[LineItem]
PaymentRow = ROW[Payment]
DiscountRow = ROW[Discount]
ReturnFormRow = ROW[ReturnForm]
ReturnLineRow = ROW[ReturnLine]
NoteRow = ROW[Note]
ScheduleRow = ROW[Schedule]

# Models whose id the generator hands out (Schedule's key is its subscription's).
WITH_IDS = [model for model in MODELS if model._meta.pk.name == "id"]


class Batch:
    """The rows of one chunk, per model."""

    def __init__(self):
        self.rows = {model: [] for model in MODELS}

    def add(self, row):
        self.rows[row.model].append(row)
        return row

    def count(self, model) -> int:
        return len(self.rows[model])

    def __len__(self):
        return sum(len(rows) for rows in self.rows.values())
