from django.db import migrations, models


class Migration(migrations.Migration):
    """The customer page's Order history reads a customer's purchase orders newest first, by keyset."""

    dependencies = [
        ('orders', '0006_subscription'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='ordergroup',
            index=models.Index(fields=['customer', 'kind', '-created', '-id'], name='group_customer_kind_created'),
        ),
    ]
