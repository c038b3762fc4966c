from rest_framework.permissions import DjangoModelPermissions


class ReadOrganisation(DjangoModelPermissions):
    """Reading needs the model's view permission (the role groups grant it); the querysets
    come from the user's OrgScope, so what is read is limited to their jurisdiction."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }
