"""Turn pydantic validation errors into :class:`shared.errors.ValidationFailed` with one
bilingual message per field, so a client learns which field is wrong and why."""
from __future__ import annotations

import re
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel, ValidationError

from shared.errors import ValidationFailed

M = TypeVar("M", bound=BaseModel)

ZH = {
    "missing": "必填项缺失",
    "string_too_short": "内容过短或为空",
    "string_too_long": "内容过长",
    "string_pattern_mismatch": "格式不正确",
    "string_type": "应为文本",
    "uuid_parsing": "不是有效的编号",
    "uuid_type": "不是有效的编号",
    "literal_error": "取值不在允许范围内",
    "int_parsing": "应为整数",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "extra_forbidden": "不允许的字段",
    "datetime_parsing": "不是有效的时间",
}


def _camel(name: str) -> str:
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)


def field_errors(exc: ValidationError) -> list[dict[str, str]]:
    out = []
    for err in exc.errors(include_url=False):
        field = ".".join(str(p) for p in err["loc"]) or "input"
        shown = _camel(field)  # the name API clients send (gridId, not grid_id)
        out.append({"field": field, "message": f"{shown}: {err['msg']}",
                    "message_zh": f"{shown}：{ZH.get(err['type'], '输入无效')}"})
    return out


def validate(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(field_errors(exc)) from None


def parse_id(value: Any, field: str) -> UUID:
    """An id argument as a UUID, or a ValidationFailed naming ``field``."""
    try:
        return UUID(str(value))
    except ValueError:
        raise ValidationFailed([{"field": field, "message": f"{field}: not a valid id",
                                 "message_zh": f"{field}：不是有效的编号"}]) from None
