"""/xapi/about: the versions this LRS speaks. It needs no credentials."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from leerweg.lrs.http import json_response
from leerweg.lrs.xapi.versions import XapiVersion


@csrf_exempt
@login_not_required
def about(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        response = json_response(
            {"error": True, "message": "The about resource only answers GET."}, 405
        )
    else:
        response = json_response({"version": ["1.0.3", "2.0.0"], "extensions": {}})
    response["X-Experience-API-Version"] = XapiVersion.V2_0_0.value
    if request.method == "HEAD":
        response.content = b""
    return response
