"""Schemathesis hooks for the E-Port Desk sync API (loaded via SCHEMATHESIS_HOOKS)."""
from hypothesis import strategies as st
import schemathesis

# Chunks are raw bytes; schemathesis has no generator for this tus-style type.
schemathesis.openapi.media_type(
    "application/offset+octet-stream", st.binary(min_size=0, max_size=4096)
)


@schemathesis.hook
def before_call(ctx, case, kwargs):
    """Sign-out would end the run's staff session; send it without the cookie
    (it still answers 204), so the other staff operations stay covered."""
    if case.method.upper() == "DELETE" and case.path == "/api/v1/staff/session":
        for headers in (case.headers, kwargs.get("headers")):
            if headers:
                for name in [k for k in headers if k.lower() == "cookie"]:
                    del headers[name]
