"""The printed documents: invoice, packing slip and pick list, as print-ready HTML and as PDF.

    documents.py  what each document shows, gathered in a fixed number of queries however many
                  documents, shipments or lines (the figures are the order page's: orders.presenters)
    forms.py      the parameters of the print URLs (order numbers, shipment ids, format, paper)
    pdf.py        the same HTML through WeasyPrint, its stylesheets read from the static files

The views are fulfilment/print_views.py, the URLs fulfilment/print_urls.py, the templates
templates/fulfilment/print/, the stylesheets and script static/print/.
"""
