"""The organisation pages for staff (/org/): thin views over mediators.selectors, every object
fetched through mediators.access."""
