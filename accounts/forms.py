from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.forms import SetPasswordForm as DjangoSetPasswordForm
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lib.email_addresses import EmailAddressField
from lib.text import NAME, PASSWORD, validate_one_line

from .services import email_address_confirmation, email_password_reset_link


class SignInForm(AuthenticationForm):
    username = EmailAddressField(widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    password = forms.CharField(
        label=_("Password"), strip=False, max_length=PASSWORD,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("The email address or password is not right. Check them and try again. If you have "
                           "just created an account, open the link in the email we sent you first: you choose "
                           "your password there."),
        "inactive": _("This account is closed."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # An account whose address is not confirmed has no password of its owner's choosing
        # (it is chosen on the confirmation link's page), so no password opens it; the answer
        # is the ordinary one, which says nothing about the address having an account.
        if not user.email_confirmed:
            raise self.get_invalid_login_error()

    def refuse(self, message: str) -> None:
        """Show the form again with `message`, without checking the password: checking it
        runs the password hash, which a refused attempt must not cost."""
        self.cleaned_data = {}
        self._errors = ErrorDict()
        self.add_error(None, message)


class SignUpForm(forms.Form):
    """A name and an address; no password. The password is chosen on the page the emailed
    link opens, so whoever reads the address's mail is the one who chooses it: someone
    signing up with another person's address can never sign in to the account.
    Whether the address already has an account is never said here (accounts.services.sign_up)."""

    name = forms.CharField(
        label=_("Your name"), max_length=NAME, required=False,
        help_text=_("Optional. How we address you in emails. It is never shown on the site."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        validators=[validate_one_line],
    )
    email = EmailAddressField()


def new_password_fields(label):
    """The two fields of a new password, in one wording and with one bound: one to choose
    it, one to type it again."""
    return (
        forms.CharField(
            label=label, strip=False, max_length=PASSWORD,
            help_text=_("At least 8 characters. A few unrelated words make a good password."),
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
        forms.CharField(
            label=_("Type the password again"), strip=False, max_length=PASSWORD,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
    )


class ConfirmAddressForm(forms.Form):
    """The confirmation link's page: the person checks the name given when signing up
    (whoever signed up may not be them) and chooses their password."""

    name = SignUpForm.base_fields["name"]
    password1, password2 = new_password_fields(_("Choose a password"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, initial={"name": user.name}, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", forms.ValidationError(
                _("The two passwords are not the same."), code="mismatch"))
        elif first:
            self.user.name = cleaned.get("name", self.user.name)  # compared with the password too
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self):
        """Set the name and the password (accounts.services.confirm_address saves them)."""
        self.user.name = self.cleaned_data["name"]
        self.user.set_password(self.cleaned_data["password1"])
        return self.user


class EmailForm(forms.Form):
    email = EmailAddressField()


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's form, finding the account and making the link; the email goes out like
    every other (accounts.services.email_password_reset_link). An account whose address
    is not confirmed yet is sent its confirmation link instead, where its password is chosen."""

    email = EmailAddressField()

    def save(self, *args, **kwargs):
        waiting = get_user_model().objects.with_address(self.cleaned_data["email"]).filter(
            is_active=True, email_confirmed=False).first()
        if waiting is not None:
            email_address_confirmation(waiting)
        else:
            super().save(*args, **kwargs)

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
            # A code already used (the one given at set-up, say, still on screen) is refused
            # too: django-otp accepts each step's code once. The message covers both.
            _("That code is not right, or it has been used already: each code works once. Check the app "
              "shows this site, and type the next code it shows."),
            code="wrong_code"))

    def throttled(self, seconds: int) -> None:
        self.add_error(None, forms.ValidationError(
            ngettext("Too soon after a wrong code. Wait %(count)d second before trying again.",
                     "Too soon after a wrong code. Wait %(count)d seconds before trying again.",
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
    confirmation page's and with the same bound as every other password field here."""

    new_password1, new_password2 = new_password_fields(_("Choose a new password"))
