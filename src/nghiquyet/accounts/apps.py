from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "nghiquyet.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # access registers the `rules` permissions; events connects the access-log receivers.
        from . import access, events  # noqa: F401

        events.connect_axes()
        # The language switch works before log-in (the log-in page has it). This is what
        # @login_not_required does; set here because the i18n URLs come from Django.
        from django.contrib.auth.decorators import login_not_required
        from django.views import i18n

        login_not_required(i18n.set_language)
