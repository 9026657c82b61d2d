"""Sharing between meetings: posts and replies, the practice library, inspiration."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.http import AuthenticatedRequest
from leerweg.networks import selectors, services
from leerweg.networks.access import access_network, access_post, access_practice, is_member
from leerweg.networks.forms import InspirationFilterForm, MaterialForm, PostForm, ReplyForm
from leerweg.networks.models import SharedMaterial
from leerweg.networks.views.errors import add_service_errors

# A shared file is never run as a page of this site, whatever is inside it.
FILE_CSP = "default-src 'none'; sandbox"
INLINE_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/webp")


@require_http_methods(["GET", "POST"])
def post_list(request: AuthenticatedRequest, network_id: UUID) -> HttpResponse:
    network = access_network(request.user, network_id)
    form = PostForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        post = services.post_create(network=network, author=request.user, **form.cleaned_data)
        messages.success(request, _("Your message has been posted."))
        return redirect("networks:post-detail", post_id=post.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"network": network, "posts": selectors.posts_of(network), "form": form}
    return render(request, "networks/post_list.html", context, status=status)


@require_http_methods(["GET", "POST"])
def post_detail(request: AuthenticatedRequest, post_id: UUID) -> HttpResponse:
    post = access_post(request.user, post_id)
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.reply_add(post=post, author=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Your reply has been posted."))
        return redirect("networks:post-detail", post_id=post.public_id)
    status = 400 if request.method == "POST" else 200
    context = {
        "post": post,
        "network": post.network,
        "replies": post.replies.select_related("author"),
        "form": form,
    }
    return render(request, "networks/post_detail.html", context, status=status)


@require_GET
def practice_list(request: AuthenticatedRequest, network_id: UUID) -> HttpResponse:
    network = access_network(request.user, network_id)
    context = {"network": network, "practices": selectors.practices_of(network)}
    return render(request, "networks/practice_list.html", context)


@require_http_methods(["GET", "POST"])
def practice_add(request: AuthenticatedRequest, network_id: UUID) -> HttpResponse:
    network = access_network(request.user, network_id)
    posted = request.method == "POST"
    form = MaterialForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"theme": network.theme},
    )
    if posted and form.is_valid():
        try:
            practice = services.practice_add(
                network=network,
                author=request.user,
                values=form.material_values(),
                upload=form.checked_upload,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The practice has been added to the library."))
            return redirect("networks:practice-detail", practice_id=practice.public_id)
    context = {"network": network, "form": form}
    return render(request, "networks/practice_form.html", context, status=400 if posted else 200)


@require_GET
def practice_detail(request: AuthenticatedRequest, practice_id: UUID) -> HttpResponse:
    practice = access_practice(request.user, practice_id)
    context = {
        "practice": practice,
        "member": is_member(request.user, practice.network),
    }
    return render(request, "networks/practice_detail.html", context)


@require_POST
def practice_publish(request: AuthenticatedRequest, practice_id: UUID) -> HttpResponse:
    """Any member may publish a practice of their network, or take it back."""
    practice = access_practice(request.user, practice_id)
    if not is_member(request.user, practice.network):
        raise Http404
    published = request.POST.get("published") == "1"
    services.practice_publish(practice=practice, published=published, by=request.user)
    if published:
        messages.success(request, _("The practice is now shown to all Leerweg users."))
    else:
        messages.success(request, _("The practice is shown to the network only."))
    return redirect("networks:practice-detail", practice_id=practice.public_id)


# role checks do not apply here; FileResponse is a streaming response.
@require_GET
def practice_file(request: AuthenticatedRequest, practice_id: UUID) -> FileResponse:
    practice = access_practice(request.user, practice_id)
    return material_file_response(practice)


@require_GET
def inspiration(request: AuthenticatedRequest) -> HttpResponse:
    """Practices published by networks as inspiration, for everyone logged in."""
    form = InspirationFilterForm(request.GET or None)
    theme = sector = ""
    if form.is_valid():
        theme, sector = form.cleaned_data["theme"], form.cleaned_data["sector"]
    context = {"form": form, "practices": selectors.inspiration(theme=theme, sector=sector)}
    return render(request, "networks/inspiration.html", context)


def material_file_response(material: SharedMaterial) -> FileResponse:
    """The file of a practice or material, named after its title, never run as a page."""
    field: FieldFile = material.file
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    extension = (field.name or "").rsplit(".", 1)[-1]
    filename = f"{slugify(material.title)[:80] or 'bestand'}.{extension}"
    response = FileResponse(
        handle,
        as_attachment=material.content_type not in INLINE_TYPES,
        filename=filename,
        content_type=material.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = FILE_CSP
    return response


urlpatterns: list[URLPattern] = [
    path("<uuid:network_id>/berichten/", post_list, name="post-list"),
    path("bericht/<uuid:post_id>/", post_detail, name="post-detail"),
    path("<uuid:network_id>/praktijken/", practice_list, name="practice-list"),
    path("<uuid:network_id>/praktijken/nieuw/", practice_add, name="practice-add"),
    path("praktijk/<uuid:practice_id>/", practice_detail, name="practice-detail"),
    path("praktijk/<uuid:practice_id>/publiceren/", practice_publish, name="practice-publish"),
    path("praktijk/<uuid:practice_id>/bestand/", practice_file, name="practice-file"),
    path("inspiratie/", inspiration, name="inspiration"),
]
