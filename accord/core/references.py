import secrets

# The longest reference a case or a household may carry (their `reference` columns).
REFERENCE_MAX_LENGTH = 20
# No vowels or look-alikes: a reference can never spell a word or a name, and reads aloud well.
ALPHABET = "BCDFGHJKLMNPQRSTVWXZ23456789"


def new_reference(prefix: str, length: int = 7) -> str:
    """A random reference that carries no personal data (e.g. "SV-K7QX2MB")."""
    return f"{prefix}-{''.join(secrets.choice(ALPHABET) for _ in range(length))}"
