"""Every field a client can send is bounded: texts refuse control characters, integers and lists
have a maximum. A new route with a bare field fails here, before a client finds the 500."""
from marshmallow import fields, validate

from mobile_api.schemas.common import Items, Text

METHODS = ("get", "post", "put", "patch", "delete")


def input_schemas(app):
    for endpoint, view in app.view_functions.items():
        view_class = getattr(view, "view_class", None)
        for method in METHODS:
            handler = getattr(view_class, method, None)
            arguments = getattr(handler, "_apidoc", {}).get("arguments", {})
            for parameter in arguments.get("parameters", []):
                schema = parameter["schema"]
                yield f"{method.upper()} {endpoint}", schema() if isinstance(schema, type) \
                    else schema


def leaf_fields(where, schema):
    for name, field in schema.fields.items():
        yield from _leaves(f"{where} {name}", field)


def _leaves(where, field):
    if isinstance(field, fields.Nested):
        yield from leaf_fields(where, field.schema)
    elif isinstance(field, fields.List):
        yield where, field
        yield from _leaves(f"{where}[]", field.inner)
    else:
        yield where, field


def _validators(field, kind):
    return [v for v in field.validators if isinstance(v, kind)]


def unbounded(field):
    if isinstance(field, fields.String) and not isinstance(field, Text):
        return not _validators(field, (validate.OneOf, validate.Regexp))
    if isinstance(field, fields.Integer):
        return not any(v.max is not None for v in _validators(field, validate.Range))
    if isinstance(field, fields.List):
        return not isinstance(field, Items)
    return False


def test_every_input_field_is_bounded(app):
    checked = [(where, field) for route, schema in input_schemas(app)
               for where, field in leaf_fields(route, schema)]
    assert len(checked) > 50
    assert [where for where, field in checked if unbounded(field)] == []
