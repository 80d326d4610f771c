"""ignoregen: small, safe Docker build contexts."""

from __future__ import annotations

from ignoregen import classcode

__version__ = "0.1.0"

classcode.install()  # before any module of the package defines its classes
