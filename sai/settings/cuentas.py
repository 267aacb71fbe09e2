"""Account protection: login lockout (django-axes), API throttling and token expiry, idle sessions, TOTP 2FA.

SAI_LOGIN_INTENTOS            failed logins before a lockout, counted per user name and per IP separately (5)
SAI_LOGIN_BLOQUEO_MINUTOS     how long a lockout lasts (15)
SAI_API_THROTTLE_ANONIMO      DRF rate for anonymous API calls ("30/minute")
SAI_API_THROTTLE_USUARIO      DRF rate per signed-in API user ("600/minute")
SAI_API_THROTTLE_TOKEN        rate of POST /api/v1/auth/token/ per IP ("10/minute")
SAI_API_TOKEN_HORAS           an API token's lifetime in hours (12)
SAI_SESION_MINUTOS            idle minutes before a session ends (30)
SAI_2FA_ROLES                 comma-separated roles that must use a TOTP second factor (empty: optional for all)
"""

from datetime import timedelta

from sai.settings.env import env_int, env_list, env_str

__all__ = [
    "AXES_CLIENT_IP_CALLABLE",
    "AXES_COOLOFF_TIME",
    "AXES_FAILURE_LIMIT",
    "AXES_LOCKOUT_CALLABLE",
    "AXES_LOCKOUT_PARAMETERS",
    "AXES_RESET_ON_SUCCESS",
    "SAI_2FA_ROLES",
    "SAI_API_THROTTLE_RATES",
    "SAI_API_TOKEN_HORAS",
    "SESSION_COOKIE_AGE",
]

AXES_FAILURE_LIMIT = env_int("SAI_LOGIN_INTENTOS", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SAI_LOGIN_BLOQUEO_MINUTOS", 15))
# Either counter locks: one user name guessed from many addresses, or many user names from one address.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "sai.core.web.client_ip"
AXES_LOCKOUT_CALLABLE = "sai.org.bloqueo.lockout_response"

SAI_API_THROTTLE_RATES = {
    "anon": env_str("SAI_API_THROTTLE_ANONIMO", "30/minute"),
    "user": env_str("SAI_API_THROTTLE_USUARIO", "600/minute"),
    "auth_token": env_str("SAI_API_THROTTLE_TOKEN", "10/minute"),
}
SAI_API_TOKEN_HORAS = env_int("SAI_API_TOKEN_HORAS", 12)

# Sliding expiry: activity pushes the end of the session forward (sai.org.middleware.IdleSessionMiddleware), so it
# ends after this much idleness.
SESSION_COOKIE_AGE = env_int("SAI_SESION_MINUTOS", 30) * 60

SAI_2FA_ROLES = env_list("SAI_2FA_ROLES")
