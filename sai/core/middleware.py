"""Every page needs a signed-in user, except those marked with `login_not_required` (login, health).

The API answers 401/403 itself (DRF authenticates tokens inside the view), so it is left to DRF's
IsAuthenticated default rather than redirected to the login page.
"""

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware

API_PREFIX = "/api/"


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(API_PREFIX):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
