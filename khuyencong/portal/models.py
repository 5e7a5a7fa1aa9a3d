"""The portal's records. Each area keeps its models in its own module, imported here."""

from khuyencong.portal.applying import Application  # noqa: F401
from khuyencong.portal.calls import Call  # noqa: F401
from khuyencong.portal.eligibility import EligibilityRule  # noqa: F401

from .claims import Claim  # noqa: F401
from .signup import SignupCode  # noqa: F401
