"""Calls the mock through the official Huawei Cloud Python SDK (huaweicloudsdkmodelarts).

Reads cases from stdin as JSON: {"endpoint", "ak", "sk", "cases": [{"id", "sdk_name", "project_id",
"params": {"path"|"query"|"header": {wire name: value}}, "body"}]}. Builds each request object from the
SDK's own model classes (wire names mapped back through their attribute_map), calls the client method and
prints one JSON line per case: {"id", "ok", "status", "error"}.
"""
import json
import re
import sys

import huaweicloudsdkmodelarts.v1 as ma
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkcore.http.http_config import HttpConfig

PRIMITIVES = {"str", "int", "float", "bool", "object", "date", "datetime"}


def to_model(type_name, value):
    """A dict (wire names) turned into an instance of the SDK model `type_name`, recursively."""
    if value is None:
        return None
    if type_name.startswith("list["):
        return [to_model(type_name[5:-1], v) for v in value]
    m = re.match(r"dict\(([^,]+), (.*)\)$", type_name)
    if m:
        return {k: to_model(m.group(2), v) for k, v in value.items()}
    if type_name in PRIMITIVES:
        return value
    cls = getattr(ma, type_name)
    wire_to_attr = {wire: attr for attr, wire in cls.attribute_map.items()}
    kwargs = {}
    for wire, v in value.items():
        attr = wire_to_attr.get(wire)
        if attr is None:
            raise KeyError(f"{type_name} has no field {wire}")
        kwargs[attr] = to_model(cls.openapi_types[attr], v)
    return cls(**kwargs)


def request_object(case):
    # The SDK's class name; operations.json gives it where acronyms make it differ (e.g. ...PublicIPRequest).
    name = case.get("request_class") or "".join(part.capitalize() for part in case["sdk_name"].split("_")) + "Request"
    cls = getattr(ma, name)
    wire_to_attr = {wire: attr for attr, wire in cls.attribute_map.items()}
    kwargs = {}
    for values in case["params"].values():
        for wire, v in values.items():
            attr = wire_to_attr.get(wire) or wire_to_attr.get(wire.lower()) or wire
            kwargs[attr] = to_model(cls.openapi_types[attr], v)
    if case.get("body") is not None:
        kwargs["body"] = to_model(cls.openapi_types["body"], case["body"])
    return cls(**kwargs)


# For operations whose path has no project (e.g. /v1/auth-mode): without one the SDK would ask IAM for it.
PLACEHOLDER_PROJECT = "0" * 32


def main():
    spec = json.load(sys.stdin)
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    config.timeout = (10, 30)
    config.retry_times = 0
    for case in spec["cases"]:
        result = {"id": case["id"], "ok": False, "status": None, "error": None}
        try:
            client = (ma.ModelArtsClient.new_builder()
                      .with_http_config(config)
                      .with_credentials(BasicCredentials(spec["ak"], spec["sk"], case.get("project_id") or PLACEHOLDER_PROJECT))
                      .with_endpoints([spec["endpoint"]])
                      .build())
            response = getattr(client, case["sdk_name"])(request_object(case))
            result["status"] = getattr(response, "status_code", None)
            result["ok"] = True
        except exceptions.ClientRequestException as e:
            result["status"] = e.status_code
            result["error"] = f"{e.error_code}: {e.error_msg}"
        except Exception as e:  # a request the SDK itself could not build or send
            result["error"] = f"{type(e).__name__}: {e}"
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
