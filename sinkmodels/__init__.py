"""The science of Sinkplanner: carbon stock, annual sink, growth, scenarios, targets.

Qt-free; may import :mod:`gis`, never :mod:`app`.
"""

import gis  # noqa: F401  (first: points numba's kernel cache at a source-keyed folder)
