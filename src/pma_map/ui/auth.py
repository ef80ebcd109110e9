"""Staff sign-in for the app: OIDC through ``st.login`` when configured, else local accounts.

OIDC is used when ``.streamlit/secrets.toml`` has an ``[auth]`` section (see
docs/publishing.md); who may publish can then be narrowed with
``[staff_oidc] emails = [...]`` and/or ``domains = [...]``. Otherwise the
local accounts of ``pma_map.publish.auth`` are used with a sign-in form.
``is_staff()`` is checked by the router and again before every publish and rollback.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import streamlit as st

from pma_map import config
from pma_map.errors import error_text
from pma_map.i18n import t
from pma_map.publish import auth
from pma_map.text import LOCAL_TZ

LOG = logging.getLogger(__name__)

SESSION_KEY = "pma_staff_user"
#: Browser cookie that only says "this browser had a staff session" (no name, no secret):
#: a new session that finds it without a signed-in user says the reload signed the user out.
HINT_COOKIE = "pma_staff_hint"
_LEFT_KEY = "pma_staff_left"
_SET_HINT = f'<script>document.cookie = "{HINT_COOKIE}=1; path=/; SameSite=Strict";</script>'
_CLEAR_HINT = f'<script>document.cookie = "{HINT_COOKIE}=; path=/; Max-Age=0; SameSite=Strict";</script>'


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets file: Streamlit raises its own not-found error
        return {}


def oidc_configured() -> bool:
    """True when an OIDC provider is configured in the ``[auth]`` section of the secrets."""
    section = _secrets().get("auth")
    return isinstance(section, dict) and bool(section.get("client_id") or any(
        isinstance(v, dict) and v.get("client_id") for v in section.values()))


def _oidc_provider() -> str | None:
    section = _secrets().get("auth", {})
    if section.get("client_id"):
        return None
    names = [k for k, v in section.items() if isinstance(v, dict) and v.get("client_id")]
    return names[0] if names else None


def _oidc_allowed(email: str | None) -> bool:
    rules = _secrets().get("staff_oidc", {})
    emails = [e.lower() for e in rules.get("emails", [])]
    domains = [d.lower().lstrip("@") for d in rules.get("domains", [])]
    if not emails and not domains:
        return True
    email = (email or "").lower()
    return email in emails or (bool(email) and email.rsplit("@", 1)[-1] in domains)


def accounts() -> dict[str, str]:
    """Local staff accounts from the secrets ``[staff]`` table and the environment.

    A malformed configuration counts as no account (the sign-in page says why),
    so that it never breaks the public pages.
    """
    try:
        return auth.load_accounts(secrets=_secrets())
    except ValueError:
        return {}


def staff_user() -> str | None:
    """The signed-in staff member (login or e-mail), or None."""
    if oidc_configured():
        user = st.user
        if getattr(user, "is_logged_in", False):
            email = user.get("email")
            if _oidc_allowed(email):
                return str(email or user.get("name") or "oidc")
        return None
    login = st.session_state.get(SESSION_KEY)
    if login and login in accounts():
        return login
    return None


def is_staff() -> bool:
    return staff_user() is not None


def publish_page_requested() -> bool:
    """True when the browser asked for the publishing page (a reload of it, for instance)."""
    try:
        url = st.context.url
    except Exception:  # noqa: BLE001 - no browser context (tests, scripts)
        return False
    return bool(url) and urlsplit(url).path.rstrip("/").endswith("/publier")


def signed_out_by_reload() -> bool:
    """This browser had a staff session, this new session has none (and nobody signed out on purpose)."""
    if st.session_state.get(_LEFT_KEY) or staff_user() is not None:
        return False
    try:
        return st.context.cookies.get(HINT_COOKIE) == "1"
    except Exception:  # noqa: BLE001 - no browser context
        return False


def remember_staff_session() -> None:
    """Mark the browser as having a staff session (so that a reload can say it ended it)."""
    st.html(_SET_HINT, unsafe_allow_javascript=True)


def forget_staff_session() -> None:
    st.html(_CLEAR_HINT, unsafe_allow_javascript=True)


def require_staff(lang: str) -> str:
    """The staff member, or stop the page with a message (server-side check)."""
    user = staff_user()
    if user is None:
        if signed_out_by_reload():
            st.warning(t("staff.signed_out_publish", lang))
            forget_staff_session()
        else:
            st.error(t("auth.required", lang))
        st.stop()
    return user


def sign_out() -> None:
    st.session_state[_LEFT_KEY] = True
    if oidc_configured():
        st.logout()
    else:
        st.session_state.pop(SESSION_KEY, None)


def client_address() -> str | None:
    """The browser's address, for the sign-in rate limits (None when unknown): the connection's,
    or behind a trusted reverse proxy the one it forwards (:func:`pma_map.config.client_address`)."""
    try:
        peer = st.context.ip_address
        headers = st.context.headers
    except Exception:  # no browser connection (bare mode)
        return None
    if peer is not None and not isinstance(peer, str):  # AppTest hands a mock
        return None
    try:
        forwarded = headers.get("X-Forwarded-For") if hasattr(headers, "get") else None
        return config.client_address(peer, forwarded if isinstance(forwarded, str) else None,
                                     config.trusted_proxies())
    except ValueError as exc:  # a bad PMA_MAP_TRUSTED_PROXIES: said in the log, the connection's address used
        LOG.error("%s", exc)
        return peer


def _local_form(lang: str) -> None:
    try:
        auth.load_accounts(secrets=_secrets())
    except ValueError as exc:
        st.error(error_text(exc, lang))
    known = accounts()
    if not known:
        st.warning(t("auth.no_accounts", lang))
    with st.form("staff_login"):
        login = st.text_input(t("auth.login", lang), key="staff_login_name", max_chars=auth.MAX_LOGIN_CHARS)
        password = st.text_input(t("auth.password", lang), type="password", key="staff_login_password",
                                 max_chars=auth.MAX_PASSWORD_CHARS)
        submitted = st.form_submit_button(t("auth.submit", lang))
    if not submitted:
        return
    result = auth.sign_in(login, password, known, address=client_address())
    if result.disk_error:
        st.error(t("auth.disk_error", lang))
    if result.ok:
        st.session_state[SESSION_KEY] = result.login
        st.rerun()
    elif result.reason in ("locked", "throttled"):
        until = datetime.fromtimestamp(result.locked_until or 0, UTC).astimezone(ZoneInfo(LOCAL_TZ))
        st.error(t("staff.locked" if result.reason == "locked" else "auth.throttled", lang,
                   time=until.strftime("%H:%M")))
    else:
        st.error(t("auth.bad_credentials", lang))


def sign_in_panel(lang: str) -> None:
    """The sign-in form (or OIDC button), or who is signed in with a sign-out button."""
    user = staff_user()
    if user:
        st.success(t("auth.signed_in", lang, user=user))
        st.caption(t("auth.go_publish_hint", lang))
        st.caption(t("staff.session_scope", lang))
        st.session_state.pop(_LEFT_KEY, None)
        remember_staff_session()
        if st.button(t("auth.logout", lang), key="staff_logout"):
            sign_out()
            st.rerun()
        return
    if oidc_configured():
        if getattr(st.user, "is_logged_in", False):
            st.error(t("auth.not_staff", lang))
            if st.button(t("auth.logout", lang), key="staff_logout"):
                st.logout()
            return
        if st.button(t("auth.oidc", lang), key="staff_oidc"):
            provider = _oidc_provider()
            st.login(provider) if provider else st.login()
        return
    if signed_out_by_reload():
        st.warning(t("staff.signed_out_reload", lang))
        forget_staff_session()
    elif st.session_state.get(_LEFT_KEY):
        forget_staff_session()
    _local_form(lang)
