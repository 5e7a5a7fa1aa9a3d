"""The portal's records. Each area keeps its models in its own module, imported here."""

from .claims import Claim  # noqa: F401
from .signup import SignupCode  # noqa: F401
