"""The three shapes a statement is returned in: exact, ids and canonical."""

import copy
from typing import Any

from leerweg.lrs.xapi.indexing import activities_in, agents_in

FORMATS = ("exact", "ids", "canonical")
_IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")
_LANGUAGE_MAP_KEYS = ("display", "name", "description")


def in_format(statement: dict[str, Any], fmt: str, languages: list[str]) -> dict[str, Any]:
    if fmt == "exact":
        return statement
    statement = copy.deepcopy(statement)
    if fmt == "ids":
        _to_ids(statement)
    else:
        _reduce_maps(statement, languages)
    return statement


def _to_ids(statement: dict[str, Any]) -> None:
    for agent in list(agents_in(statement)):
        for key in list(agent):
            if key not in ("objectType", "member", *_IFI_KEYS):
                del agent[key]
    statement["verb"] = {"id": statement["verb"]["id"]}
    for activity in activities_in(statement):
        for key in list(activity):
            if key != "id":
                del activity[key]
    target = statement["object"]
    if isinstance(target, dict) and target.get("objectType") == "SubStatement":
        _to_ids(target)


def _reduce_maps(value: Any, languages: list[str]) -> None:
    """Canonical format: every language map keeps only the best language for the reader."""
    if isinstance(value, list):
        for item in value:
            _reduce_maps(item, languages)
        return
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        if key == "extensions":
            continue
        if _is_language_map(key, item):
            value[key] = _one_language(item, languages)
            continue
        _reduce_maps(item, languages)


def _is_language_map(key: str, value: Any) -> bool:
    return (
        key in _LANGUAGE_MAP_KEYS
        and isinstance(value, dict)
        and bool(value)
        and all(isinstance(text, str) for text in value.values())
    )


def _one_language(language_map: dict[str, str], languages: list[str]) -> dict[str, str]:
    for wanted in languages:
        for tag, text in language_map.items():
            if tag.lower() == wanted:
                return {tag: text}
        for tag, text in language_map.items():
            if tag.lower().split("-")[0] == wanted.split("-")[0]:
                return {tag: text}
    tag = next(iter(language_map))
    return {tag: language_map[tag]}


def accepted_languages(header: str) -> list[str]:
    """Accept-Language in order of preference, lower case, leaving out weights of 0."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        if not tag or tag == "*":
            continue
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if weight > 0:
            ranked.append((-weight, position, tag.lower()))
    return [tag for _, _, tag in sorted(ranked)]
