from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Declaration = apps.get_model("declarations", "Declaration")
    Project = apps.get_model("declarations", "Project")
    Declaration.objects.filter(organisation__isnull=True).update(
        organisation=Subquery(Project.objects.filter(pk=OuterRef("project_id")).values("organisation_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("declarations", "0003_declaration_organisation")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
