from django.db import models


class BaseModel(models.Model):
    """Every table carries when its row was made and last changed."""

    created_at = models.DateTimeField("tạo lúc", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True
