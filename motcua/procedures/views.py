from django.http import HttpRequest, HttpResponse


def procedure_list(request: HttpRequest) -> HttpResponse:  # replaced by the catalog work
    return HttpResponse("")
