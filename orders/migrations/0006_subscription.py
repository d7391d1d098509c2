"""One name per concept: a purchase order's payment_plan is its subscription (the column is renamed,
the rows stay; the stored kind value "plan" is unchanged, so no row is rewritten)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("orders", "0005_amount_sorts_within_one_market"),
    ]

    operations = [
        migrations.RenameField(model_name="ordergroup", old_name="payment_plan", new_name="subscription"),
        migrations.AlterField(
            model_name="ordergroup",
            name="subscription",
            field=models.ForeignKey(
                blank=True, limit_choices_to={"kind": "plan"}, null=True,
                on_delete=django.db.models.deletion.SET_NULL, related_name="generated_orders", to="orders.ordergroup",
            ),
        ),
    ]
