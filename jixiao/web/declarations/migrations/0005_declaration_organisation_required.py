import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("declarations", "0004_fill_declaration_organisation"),
    ]
    operations = [
        migrations.AlterField(
            model_name="declaration",
            name="organisation",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="declarations",
                                    to="accounts.organisation"),
        ),
    ]
