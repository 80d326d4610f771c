"""ignoregen: small, safe Docker build contexts."""

from __future__ import annotations

__version__ = "0.1.0"
