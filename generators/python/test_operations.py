"""Runs a call plan through the generated Python client, one pytest test per call.

MODELARTS_PLAN: {"baseUrl", "token", "calls": [{"id", "operationId", "pathParams": [{"name", "value"}],
"params": {name: value}, "body"?, "bodyName"?, "headers"?, "ownServers"?, "anonymous"?, "expect": {"ok", "status"}}]}
(anonymous: the call is sent without the plan's token)
MODELARTS_RESULTS: where the results are written (one per call; test/generators/suite.js compares them
with the spec's examples). A call's operation is found by reflection (the API class with the method), so
nothing here is specific to an operation. Success: the decoded value re-serialised by the client itself;
failure: the exception's classes, HTTP status and raw body.
"""
import inspect
import json
import keyword
import os
import re
import traceback
import typing
from urllib.parse import urlsplit, urlunsplit

import pydantic
import pytest

import modelarts_client
from modelarts_client.api_client import ApiClient

with open(os.environ['MODELARTS_PLAN'], encoding='utf-8') as f:
    PLAN = json.load(f)
RESULTS = {}


def snake(name):
    s = re.sub(r'[-. ]+', '_', name)
    s = re.sub(r'([A-Z]+)([A-Z][a-z])', r'\1_\2', s)
    s = re.sub(r'([a-z0-9])([A-Z])', r'\1_\2', s)
    return s.lower()


def param_name(params, wire):
    """The generated method's argument for a wire name: snake_case, and a Python keyword (`continue`)
    escaped the generator's way (escapeReservedWord: `var_` prefix)."""
    name = snake(wire)
    if keyword.iskeyword(name) or name not in params:
        return next((n for n in ('var_' + name, '_' + name) if n in params), name)
    return name


def find_method(client, operation_id):
    name = snake(operation_id) + '_with_http_info'
    for attr in dir(modelarts_client):
        cls = getattr(modelarts_client, attr)
        if isinstance(cls, type) and attr.endswith('Api') and hasattr(cls, name):
            return getattr(cls(client), name), cls.__name__
    raise LookupError('no generated method %s for operation %s' % (name, operation_id))


def model_of(annotation):
    """The pydantic model (or list of one) a parameter annotation names, else None."""
    while typing.get_origin(annotation) in (typing.Annotated, typing.Union):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    if typing.get_origin(annotation) is list:
        inner = model_of(typing.get_args(annotation)[0])
        return ('list', inner) if inner else None
    if inspect.isclass(annotation) and issubclass(annotation, pydantic.BaseModel):
        return ('one', annotation)
    return None


def build_body(annotation, value):
    """The request model built from the JSON example, as a user would hold it."""
    m = model_of(annotation)
    if m is None:
        return value
    kind, cls = m
    return [cls.from_dict(v) for v in value] if kind == 'list' else cls.from_dict(value)


def redirected(client, base):
    """call_api that sends an operation with its own servers (IAM) to `base`: the generated client uses
    those servers literally, with no override (see generators/README.md, P1)."""
    original = client.call_api
    b = urlsplit(base)

    def call_api(method, url, *args, **kwargs):
        u = urlsplit(url)
        return original(method, urlunsplit((b.scheme, b.netloc, b.path.rstrip('/') + u.path, u.query, u.fragment)), *args, **kwargs)
    return call_api


def call(client, c):
    method, api = find_method(client, c['operationId'])
    params = inspect.signature(method).parameters
    kwargs = {param_name(params, p['name']): p['value'] for p in c.get('pathParams') or []}
    kwargs.update({param_name(params, k): v for k, v in (c.get('params') or {}).items()})
    sent = None
    if 'body' in c:
        # named by x-codegen-request-body-name, else after its schema (bodyName), else `body`
        name = next(n for n in (snake(c.get('bodyName') or 'body'), 'body') if n in params)
        kwargs[name] = build_body(params[name].annotation, c['body'])
        sent = client.sanitize_for_serialization(kwargs[name])  # what the client puts on the wire
    kwargs['_headers'] = dict(c.get('headers') or {})
    saved = client.call_api
    if c.get('ownServers'):
        client.call_api = redirected(client, client.configuration.host)
    keys = client.configuration.api_key
    if c.get('anonymous'):
        client.configuration.api_key = {}
    try:
        response = method(**kwargs)
    except modelarts_client.ApiException as e:
        return {'ok': False, 'api': api, 'errorTypes': [k.__module__ + '.' + k.__name__ for k in type(e).__mro__],
                'status': e.status, 'body': e.body, 'sentBody': sent}
    finally:
        client.call_api = saved
        client.configuration.api_key = keys
    data = response.data
    if isinstance(data, (bytes, bytearray)):  # a raw download (application/octet-stream)
        return {'ok': True, 'api': api, 'status': response.status_code, 'sentBody': sent, 'type': 'file',
                'value': bytes(data).decode('utf-8', 'replace')}
    return {'ok': True, 'api': api, 'status': response.status_code, 'sentBody': sent,
            'type': type(data).__name__ if data is not None else None,
            'value': client.sanitize_for_serialization(data)}


@pytest.fixture(scope='module')
def client():
    config = modelarts_client.Configuration(host=PLAN['baseUrl'])
    if PLAN.get('token') is not None:
        config.api_key['XAuthToken'] = PLAN['token']
    yield ApiClient(config)
    with open(os.environ['MODELARTS_RESULTS'], 'w', encoding='utf-8') as out:
        json.dump({'language': 'python', 'results': list(RESULTS.values())}, out)


@pytest.mark.parametrize('c', PLAN['calls'], ids=[c['id'] for c in PLAN['calls']])
def test_operation(client, c):
    try:
        r = call(client, c)
    except Exception as e:  # a client-side failure (validation, decoding) is a result too
        r = {'ok': False, 'errorTypes': [type(e).__module__ + '.' + type(e).__name__], 'status': None,
             'message': str(e), 'trace': traceback.format_exc()[-2000:]}
    r['id'] = c['id']
    RESULTS[c['id']] = r
    expect = c.get('expect') or {}
    assert r['ok'] == expect.get('ok', True), json.dumps(r)[:2000]
    if 'status' in expect:
        assert r['status'] == expect['status'], json.dumps(r)[:2000]
