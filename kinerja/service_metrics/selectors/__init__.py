"""Permission-checked reads of the service catalogue, tasks and metrics, split by what
they serve: ``access`` (who may see whose numbers), ``metrics`` (the API and the export),
``pages`` (the Layanan pages) and ``catalogue``."""
