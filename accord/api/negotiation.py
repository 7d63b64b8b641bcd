from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer
from rest_framework.request import Request


class StaffBrowsableNegotiation(DefaultContentNegotiation):
    """The browsable API only for signed-in staff; everyone else gets JSON."""

    def select_renderer(self, request: Request, renderers: list[BaseRenderer], format_suffix=None):
        user = request.user
        if not (user.is_authenticated and user.is_staff and not user.is_service_account):
            renderers = [r for r in renderers if not isinstance(r, BrowsableAPIRenderer)]
        return super().select_renderer(request, renderers, format_suffix)
