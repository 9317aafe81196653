"""``python -m provenance``."""

from __future__ import annotations

import sys

from provenance.cli import main

sys.exit(main())
