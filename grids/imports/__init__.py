"""Reference data from spreadsheets (CSV or .xlsx): geography and property companies here,
staff with their team roles in mediators.imports. The layout of each file is in
docs/import.md; `manage.py import_reference` and the admin's upload page run them."""
