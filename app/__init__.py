"""Sinkplanner: a desktop GIS for planning land carbon sinks."""

__version__ = "0.1.0"
