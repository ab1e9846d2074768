from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.forms import SetPasswordForm as DjangoSetPasswordForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lib.text import PASSWORD, validate_one_line

from .services import email_password_reset_link


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, max_length=PASSWORD,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("The email address or password is not right. Check them and try again."),
        "inactive": _("This account is closed."),
        "unconfirmed": _("Confirm your email address first: open the link in the email we sent when you "
                         "created the account. You can have it sent again below."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_confirmed:
            raise forms.ValidationError(self.error_messages["unconfirmed"], code="unconfirmed")

    def unconfirmed(self) -> bool:
        """The password was right, but the account's address is not confirmed yet."""
        return self.has_error(NON_FIELD_ERRORS, "unconfirmed")

    def refuse(self, message: str) -> None:
        """Show the form again with `message`, without checking the password: checking it
        runs the password hash, which a refused attempt must not cost."""
        self.cleaned_data = {}
        self._errors = ErrorDict()
        self.add_error(None, message)


class SignUpForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=150, required=False,
        help_text=_("Optional. How we address you in emails. It is never shown on the site."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        validators=[validate_one_line],
    )
    email = forms.EmailField(label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                             validators=[validate_one_line])
    password1 = forms.CharField(
        label=_("Choose a password"), strip=False, max_length=PASSWORD,
        help_text=_("At least 8 characters. A few unrelated words make a good password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Type the password again"), strip=False, max_length=PASSWORD,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        # Whether the address already has an account is never said here (accounts.services.sign_up).
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", forms.ValidationError(
                _("The two passwords are not the same."), code="mismatch"))
        elif first:
            user = get_user_model()(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's form, finding the account and making the link; the email goes out like
    every other (accounts.services.email_password_reset_link)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        email_password_reset_link(context["user"], context["uid"], context["token"])


class CodeForm(forms.Form):
    """The second step of a staff sign-in: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"), max_length=20,
        help_text=_("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off",
                                      "spellcheck": "false", "autofocus": True}),
        error_messages={"required": _("Enter the code from your authenticator app.")},
    )

    def wrong(self) -> None:
        self.add_error("code", forms.ValidationError(
            _("That code is not right. Check the app shows this site, and type the code it shows now."),
            code="wrong_code"))

    def throttled(self, seconds: int) -> None:
        self.add_error(None, forms.ValidationError(
            ngettext("There have been several wrong codes. Wait %(count)d second and try again.",
                     "There have been several wrong codes. Wait %(count)d seconds and try again.",
                     seconds) % {"count": seconds}, code="throttled"))


class SetUpCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Code from the app"), max_length=20,
        help_text=_("The 6 digits the app shows for this site once it is added."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": _("Enter the code the app shows, to check it is set up.")},
    )

    def started_again(self) -> None:
        """The key this page showed before is no longer the one being set up (set-up was
        started again, here or elsewhere): the code is not checked, and a new key is shown."""
        self.cleaned_data = {}
        self._errors = ErrorDict()
        self.add_error(None, forms.ValidationError(
            _("Set-up was started again, so the key has changed. In the app, remove the account "
              "you just added, add the new one below, and enter the code it shows."), code="started_again"))


class DeleteAccountForm(forms.Form):
    """Deleting your account is confirmed with your password, so a session left open on
    a shared computer cannot do it."""

    password = forms.CharField(
        label=_("Your password"), strip=False, max_length=PASSWORD,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to delete your account.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your password. If you have forgotten it, sign out and ask for a new one by email."),
                code="wrong_password")
        return password


class SetPasswordForm(DjangoSetPasswordForm):
    """Django's form for choosing a new password after a reset link, in the words of the
    sign-up form and with the same bound as every other password field here."""

    new_password1 = forms.CharField(
        label=_("Choose a new password"), strip=False, max_length=PASSWORD,
        help_text=_("At least 8 characters. A few unrelated words make a good password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("Type the password again"), strip=False, max_length=PASSWORD,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
