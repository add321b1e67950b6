"""Writes: ``tasks`` (service tasks from the API), ``metrics`` (recomputation),
``catalogue`` (service types) and ``calendar`` (working-calendar edits and their effect
on task figures)."""
