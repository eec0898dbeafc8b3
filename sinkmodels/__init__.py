"""The science of Sinkplanner: carbon stock, annual sink, growth, scenarios, targets.

Qt-free; may import :mod:`gis`, never :mod:`app`.
"""
