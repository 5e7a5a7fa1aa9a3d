from django.http import JsonResponse
from django.views.decorators.http import require_GET

from khuyencong.ratelimit import limited

from .picker import find_units


@require_GET
@limited("units", "UNIT_SEARCH_RATE")
def units(request):
    """Type-ahead search over administrative units; open to everyone, as the data is public."""
    params = request.GET
    found = find_units(
        params.get("q", "")[:100],
        level=params.get("level", ""),
        generation=params.get("generation", ""),
        province=params.get("province", ""),
    )
    return JsonResponse({"results": [{"id": u.pk, "label": u.label(), "legacy": u.is_legacy} for u in found]})
