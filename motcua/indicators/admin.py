from django.contrib import admin, messages

from motcua.indicators.config import SUB_INDICATORS, default_points, points_problems
from motcua.indicators.models import IndicatorWeight


@admin.register(IndicatorWeight)
class IndicatorWeightAdmin(admin.ModelAdmin):
    """Points are edited one by one; the list warns while a group does not add up to its total."""

    list_display = ["code", "name", "points"]

    @admin.display(description="chỉ số")
    def name(self, obj) -> str:
        return SUB_INDICATORS[obj.code][2]

    def changelist_view(self, request, extra_context=None):
        points = default_points()
        points.update(dict(IndicatorWeight.objects.values_list("code", "points")))
        for problem in points_problems(points):
            messages.warning(request, problem)
        return super().changelist_view(request, extra_context)
