"""SQLite connections now use Python's UPPER and LOWER, which know every letter (csrportal.search):
rebuild the expression indexes made with SQLite's ASCII-only ones, so a row holding "Björn" is found
in them again when it is updated or deleted. PostgreSQL is unchanged."""
from django.db import migrations

INDEXES = ["sku_code_upper", "sku_name_upper", "customer_last_name_upper", "customer_first_name_upper",
           "customer_email_unique_ci", "group_customer_email_lower"]


def reindex(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        present = {row[0] for row in cursor.fetchall()}
    for name in INDEXES:
        if name in present:
            schema_editor.execute(f'REINDEX "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("csrportal", "0002_preferences_and_saved_views"),
        ("catalog", "0001_initial"),
        ("customers", "0002_search_indexes"),
        ("orders", "0003_status_market_index"),
    ]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
