"""Schemathesis hooks for the E-Port Desk sync API (loaded via SCHEMATHESIS_HOOKS)."""
from hypothesis import strategies as st
import schemathesis

# Chunks are raw bytes; schemathesis has no generator for this tus-style type.
schemathesis.openapi.media_type(
    "application/offset+octet-stream", st.binary(min_size=0, max_size=4096)
)
