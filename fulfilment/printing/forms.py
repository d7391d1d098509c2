"""The print URLs' parameters, read by forms: what cannot be an order number or a shipment id is
the field's error (shown on a 400 page), never a query."""
import re

from django import forms
from django.core.exceptions import ValidationError

from fulfilment.printing.documents import A4, LETTER

# Printing many documents at once: as many as a bulk action selects (issue 11: up to 1,000).
MOST_DOCUMENTS = 1000
# Order numbers are letters and digits (PO10042, EO10003); the column holds 20 characters.
ORDER_NUMBER = re.compile(r"[A-Za-z0-9-]{1,20}", re.ASCII)
LARGEST_ID = 2**63 - 1  # a BigAutoField's
# A PDF is WeasyPrint's layout work, about 0.2 s a page on our 2-core machine (docs/performance.md):
# more than this many documents in one PDF would hold a worker past gunicorn's 30 s timeout. The
# HTML of up to MOST_DOCUMENTS prints from the browser (whose dialog can also save it as a PDF).
MOST_PDF_DOCUMENTS = 50


class ValuesField(forms.Field):
    """A parameter given any number of times (?order=PO1&order=PO2): each value cleaned by
    `clean_one`, duplicates dropped, the order kept, at most MOST_DOCUMENTS of them."""

    widget = forms.MultipleHiddenInput
    what = "value"

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        if len(values) > MOST_DOCUMENTS:
            raise ValidationError(f"Print at most {MOST_DOCUMENTS:,} documents at once; {len(values):,} were asked for.")
        cleaned, bad = [], []
        for raw in values:
            text = str(raw).strip()
            try:
                one = self.clean_one(text)
            except ValueError:
                bad.append(text)
                continue
            if one not in cleaned:
                cleaned.append(one)
        if bad:
            shown = ", ".join(repr(text[:30] + ("…" if len(text) > 30 else "")) for text in bad[:5])
            more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
            raise ValidationError(f"Not {self.what}: {shown}{more}.")
        return cleaned

    def clean_one(self, text: str):
        raise NotImplementedError


class OrderNumbersField(ValuesField):
    what = "an order number"

    def clean_one(self, text: str) -> str:
        if not ORDER_NUMBER.fullmatch(text):
            raise ValueError(text)
        return text.upper()


class ShipmentIdsField(ValuesField):
    what = "a shipment id"

    def clean_one(self, text: str) -> int:
        if not text.isascii() or not text.isdigit() or not 0 < int(text) <= LARGEST_ID:
            raise ValueError(text)
        return int(text)


class PrintForm(forms.Form):
    """What every print URL takes: ?format=pdf for a PDF download, ?paper=a4|letter to override
    the market's paper size."""

    format = forms.ChoiceField(choices=[("", "HTML"), ("html", "HTML"), ("pdf", "PDF")], required=False)
    paper = forms.ChoiceField(choices=[("", "The market's"), (A4, "A4"), (LETTER, "US Letter")], required=False)


class ManyDocumentsForm(PrintForm):
    """Several documents: as HTML up to MOST_DOCUMENTS, as one PDF up to MOST_PDF_DOCUMENTS."""

    many = ""  # the field that names the documents

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get(self.many) or []
        if cleaned.get("format") == "pdf" and len(chosen) > MOST_PDF_DOCUMENTS:
            raise ValidationError(
                f"A PDF holds at most {MOST_PDF_DOCUMENTS} documents; {len(chosen):,} were chosen. Print them from "
                "the browser (its print dialog can save them as a PDF), or download them in parts.")
        return cleaned


class InvoicesForm(ManyDocumentsForm):
    many = "order"
    order = OrderNumbersField(required=True, error_messages={"required": "Choose the orders to print: ?order=PO10042."})


class PackingSlipsForm(ManyDocumentsForm):
    many = "shipment"
    shipment = ShipmentIdsField(required=True,
                                error_messages={"required": "Choose the shipments to print: ?shipment=<id>."})
