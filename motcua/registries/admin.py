from django.contrib import admin

from motcua.registries.models import RegistryBusiness, RegistryPerson


@admin.register(RegistryPerson)
class RegistryPersonAdmin(admin.ModelAdmin):
    list_display = ["personal_id", "full_name", "date_of_birth", "unit_code"]
    search_fields = ["personal_id", "full_name"]


@admin.register(RegistryBusiness)
class RegistryBusinessAdmin(admin.ModelAdmin):
    list_display = ["tax_code", "name", "representative_name"]
    search_fields = ["tax_code", "name", "representative_personal_id"]
