from django.apps import AppConfig


class RegistriesConfig(AppConfig):
    name = "motcua.registries"
    label = "registries"
    verbose_name = "Cơ sở dữ liệu quốc gia (kết nối)"
