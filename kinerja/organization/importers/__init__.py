"""Imports of organisation master data from CSV/XLSX files (product.md 4.2): the unit tree
(``units``) and the employees (``employees``), shared by the ``import_*`` commands and the
HR admin's upload pages (``uploads``)."""
