"""The public registration form, and the confirmation link the submitter receives."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from leerweg.initiatives import services
from leerweg.initiatives.forms import (
    ObstacleFormSet,
    RegisterForm,
    obstacle_formset_with_one_more,
)
from leerweg.initiatives.services import ObstacleValues
from leerweg.initiatives.throttle import throttle_hit

OBSTACLE_PREFIX = "obstacles"
THROTTLE_SCOPE = "initiative-register"


@require_http_methods(["GET", "POST"])
@login_not_required
def register(request: HttpRequest) -> HttpResponse:
    """Register an initiative with its obstacles; nothing is stored unless all is valid.

    "Add another obstacle" is a submit button: the form comes back with what
    was typed and one more empty obstacle, so it works without JavaScript.
    Only real submissions count towards the limit per address.
    """
    if request.method == "GET":
        context = {"form": RegisterForm(), "obstacles": ObstacleFormSet(prefix=OBSTACLE_PREFIX)}
        return render(request, "initiatives/register.html", context)
    if "add_obstacle" in request.POST:
        context = {
            "form": RegisterForm(initial=request.POST.dict()),
            "obstacles": obstacle_formset_with_one_more(request.POST, OBSTACLE_PREFIX),
        }
        return render(request, "initiatives/register.html", context)
    if throttle_hit(THROTTLE_SCOPE, request):
        return render(request, "initiatives/throttled.html", status=429)
    form = RegisterForm(request.POST)
    obstacles = ObstacleFormSet(request.POST, prefix=OBSTACLE_PREFIX)
    if form.is_valid() and obstacles.is_valid():
        values = {name: form.cleaned_data[name] for name in RegisterForm.Meta.fields}
        services.initiative_register(
            values=values,
            obstacles=[
                ObstacleValues(category=o["category"], description=o["description"])
                for o in obstacles.cleaned_data
                if o
            ],
            language=translation.get_language() or "nl",
        )
        return redirect("initiatives:register-sent")
    form.fresh_stamp()
    context = {"form": form, "obstacles": obstacles}
    return render(request, "initiatives/register.html", context, status=400)


@require_GET
@login_not_required
def register_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "initiatives/register_sent.html")


@require_http_methods(["GET", "POST"])
@login_not_required
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail. GET asks, POST confirms.

    Mail scanners open links to check them; confirming on GET would let them
    confirm submissions nobody confirmed.
    """
    if request.method == "POST":
        initiative = services.initiative_confirm(token=token)
        context = {"initiative": initiative, "confirmed": initiative is not None}
        return render(request, "initiatives/confirm.html", context)
    return render(request, "initiatives/confirm.html", {"token": token, "asking": True})


urlpatterns: list[URLPattern] = [
    path("aanmelden/", register, name="register"),
    path("aanmelden/verstuurd/", register_sent, name="register-sent"),
    path("bevestigen/<str:token>/", confirm, name="confirm"),
]
