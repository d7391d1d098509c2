"""One name per concept: the PaymentPlan proxy is Subscription and a schedule's plan is its
subscription. The column is renamed and the rows stay; the stored kind value "plan" is unchanged.

The proxy's content type is renamed by Django with the model; its permissions keep their
codenames unless renamed too, so they are (view_paymentplan -> view_subscription, ...), and the
groups that held them (the CSR group) keep them."""
from django.db import migrations

RENAMED_MODELS = {"paymentplan": "subscription"}


def rename_permissions(apps, schema_editor, renames=RENAMED_MODELS):
    Permission = apps.get_model("auth", "Permission")
    for old, new in renames.items():
        for permission in Permission.objects.filter(content_type__app_label="subscriptions",
                                                    codename__endswith=f"_{old}"):
            codename = permission.codename[: -len(old)] + new
            if Permission.objects.filter(content_type=permission.content_type, codename=codename).exists():
                continue
            permission.codename = codename
            permission.save(update_fields=["codename"])


def restore_permissions(apps, schema_editor):
    rename_permissions(apps, schema_editor, {new: old for old, new in RENAMED_MODELS.items()})


class Migration(migrations.Migration):

    dependencies = [
        ("subscriptions", "0001_initial"),
        ("orders", "0006_subscription"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("csrportal", "0001_csr_role"),
    ]

    operations = [
        migrations.RenameModel(old_name="PaymentPlan", new_name="Subscription"),
        migrations.RenameField(model_name="schedule", old_name="plan", new_name="subscription"),
        migrations.RunPython(rename_permissions, restore_permissions),
    ]
