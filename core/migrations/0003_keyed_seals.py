# AUD-2: seals keyed with HMAC-SHA256; the seals made before the key keep version 1
# (plain SHA-256) and still verify.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_seals"),
    ]

    operations = [
        migrations.AddField(
            model_name="seal",
            name="version",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "SHA-256, without a key"),
                    (2, "HMAC-SHA256 with the server's key"),
                ],
                default=1,
                verbose_name="seal version",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="integritycheck",
            name="unkeyed",
            field=models.PositiveIntegerField(
                default=0, verbose_name="seals without a key"
            ),
        ),
    ]
