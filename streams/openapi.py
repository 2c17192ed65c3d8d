"""drf-spectacular hook: the screening request and result schemas are the engine's pydantic
models, so the OpenAPI document can never drift from what the engine validates."""

from __future__ import annotations

from typing import Any

from streams.engine import ScreeningRequest, ScreeningResult

_REF = "#/components/schemas/{model}"


def add_engine_schemas(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    components = result.setdefault("components", {}).setdefault("schemas", {})
    for model, mode in ((ScreeningRequest, "validation"), (ScreeningResult, "serialization")):
        schema = model.model_json_schema(ref_template=_REF, mode=mode)
        components.update(schema.pop("$defs", {}))
        components[model.__name__] = schema
    operation = result["paths"].get("/api/v1/screen", {}).get("post")
    if operation:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": _REF.format(model="ScreeningRequest")}}},
        }
        operation["responses"]["200"]["content"] = {
            "application/json": {"schema": {"$ref": _REF.format(model="ScreeningResult")}}
        }
    return result
