"""The header's search box finds a customer by the end of her phone number (customers/quick_search.py):
REVERSE of the number's digits LIKE 'reversed typed digits%', served by a text_pattern_ops index on
exactly that expression. PostgreSQL only; SQLite, the demo database, scans."""
from django.db import migrations

# The digits of the phone: the separators removed one by one, in customers.quick_search's order.
SEPARATORS = (" ", "-", "(", ")", ".", "/", "+")


def digits_reversed() -> str:
    expression = "phone"
    for separator in SEPARATORS:
        expression = f"REPLACE({expression}, '{separator}', '')"
    return f"REVERSE({expression})"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS customer_phone_digits_reversed ON customers_customer "
                          f"(({digits_reversed()}) text_pattern_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS customer_phone_digits_reversed")


class Migration(migrations.Migration):
    dependencies = [("customers", "0004_customer_list_indexes")]
    operations = [migrations.RunPython(create, drop)]
