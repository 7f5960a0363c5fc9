"""Runs a call plan through the generated Python client and prints one JSON result per call.

Usage: python3 driver.py PLAN.json  (PYTHONPATH must contain the generated package)
Plan: {"baseUrl", "token", "calls": [{"id", "operationId", "pathParams": [{"name", "value"}],
"params": {name: value}, "body"?, "bodyName"?, "headers"?}]}
A call's operation is found by reflection (the API class that has the method), so the driver needs no
per-operation code. Success: the decoded return value, re-serialised by the client's own
sanitize_for_serialization (so it shows what the generated models kept). Failure: the exception type,
HTTP status and raw body.
"""
import json
import re
import sys
import traceback

import modelarts_client
from modelarts_client.api_client import ApiClient


def snake(name):
    s = re.sub(r'[-. ]+', '_', name)
    s = re.sub(r'([A-Z]+)([A-Z][a-z])', r'\1_\2', s)
    s = re.sub(r'([a-z0-9])([A-Z])', r'\1_\2', s)
    return s.lower()


def find_method(client, operation_id):
    name = snake(operation_id) + '_with_http_info'
    for attr in dir(modelarts_client):
        cls = getattr(modelarts_client, attr)
        if isinstance(cls, type) and attr.endswith('Api') and hasattr(cls, name):
            return getattr(cls(client), name), cls.__name__
    raise LookupError('no generated method %s for operation %s' % (name, operation_id))


def param_type(method, param):
    """The type the generator documents for a parameter (`:type body: CreateTrainingJobRequest`)."""
    m = re.search(r':type %s: ([^\n]+)' % re.escape(param), method.__doc__ or '')
    return m.group(1).strip() if m else None


def arg_name(method, wire_name):
    """The keyword argument of a parameter: its snake_case name, or `_name` where the generator escaped a
    Python reserved word (e.g. the query parameter `continue` becomes `_continue`)."""
    name = snake(wire_name)
    doc = method.__doc__ or ''
    if not re.search(r':param %s:' % re.escape(name), doc) and re.search(r':param _%s:' % re.escape(name), doc):
        return '_' + name
    return name


def call(client, c):
    method, api = find_method(client, c['operationId'])
    sent = None
    kwargs = {arg_name(method, p['name']): p['value'] for p in c.get('pathParams') or []}
    kwargs.update({arg_name(method, k): v for k, v in (c.get('params') or {}).items()})
    if 'body' in c:
        # The body parameter is named by x-codegen-request-body-name, else after its schema (bodyName);
        # the docstring (`:param <name>:`) says which one this client uses.
        name = next((n for n in (snake(c.get('bodyName') or 'body'), 'body')
                     if re.search(r':param %s:' % n, method.__doc__ or '')), 'body')
        body_type = param_type(method, name)
        # Build the request model from the JSON example, exactly as a user would hold it.
        kwargs[name] = client._ApiClient__deserialize(c['body'], body_type) if body_type else c['body']
        sent = client.sanitize_for_serialization(kwargs[name])  # what the client puts on the wire
    if c.get('ownServers'):
        # operations with their own servers ignore Configuration.host; `_host` (our template fix) overrides
        kwargs['_host'] = client.configuration.host
    client.default_headers.clear()
    for k, v in (c.get('headers') or {}).items():
        client.set_default_header(k, v)
    try:
        data, status, _headers = method(**kwargs)
    except modelarts_client.ApiException as e:
        body = e.body.decode('utf-8') if isinstance(e.body, (bytes, bytearray)) else e.body
        return {'ok': False, 'api': api, 'errorType': type(e).__module__ + '.' + type(e).__name__,
                'status': e.status, 'body': body, 'sentBody': sent}
    return {'ok': True, 'api': api, 'status': status, 'sentBody': sent,
            'type': type(data).__name__ if data is not None else None,
            'value': client.sanitize_for_serialization(data)}


def main():
    with open(sys.argv[1]) as f:
        plan = json.load(f)
    config = modelarts_client.Configuration(host=plan['baseUrl'])
    if plan.get('token') is not None:
        config.api_key['XAuthToken'] = plan['token']
    client = ApiClient(config)
    results = []
    for c in plan['calls']:
        try:
            r = call(client, c)
        except Exception as e:  # a client-side failure (validation, decoding) is a result too
            r = {'ok': False, 'errorType': type(e).__module__ + '.' + type(e).__name__, 'status': None,
                 'message': str(e), 'trace': traceback.format_exc()[-2000:]}
        r['id'] = c['id']
        results.append(r)
    json.dump({'language': 'python', 'results': results}, sys.stdout)


if __name__ == '__main__':
    main()
