from django.apps import AppConfig


class AdminUnitsConfig(AppConfig):
    name = "motcua.adminunits"
    label = "adminunits"
    verbose_name = "Đơn vị hành chính"
