"""The browsable API without its forms (issue 19, item 1).

DRF's BrowsableAPIRenderer builds an HTML form for every method a view allows: the POST form of
/api/cases/{id}/contacts/ offered every party of every case as a menu of names with ids, the
raw data form serialises an instance, and the filter form lists the choices of every
ModelChoiceFilter. Reading JSON in a browser is all staff need it for, and writes go through
the pages or a client, so this renderer keeps the page and the response and draws no form.
"""

from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    def get_rendered_html_form(self, data, view, method, request):
        return None  # no POST/PUT/PATCH form, and no DELETE or OPTIONS button either

    def get_raw_data_form(self, data, view, method, request):
        return None

    def get_filter_form(self, data, view, request):
        return None
