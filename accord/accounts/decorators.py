from collections.abc import Callable

from allauth.account.decorators import reauthentication_required

# Sensitive actions (reveal an address, export, consent override) need a fresh proof of
# identity: allauth sends the user to re-enter a password or a TOTP code, then resumes.
reauthenticate: Callable = reauthentication_required
