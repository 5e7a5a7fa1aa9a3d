"""Sign-up by a one-time code, the claim of an establishment, and the portal's home page.

docs/self-service.md, "Sign-up and claim". The logic lives in signup.py and claims.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khuyencong import vnformat
from khuyencong.accounts.permissions import Can, Role
from khuyencong.accounts.scopes import Scope
from khuyencong.accounts.throttle import address_key
from khuyencong.clientaddress import client_address
from khuyencong.registry.models import Establishment, is_personal_id

from . import signup
from .claims import Claim, claim_of
from .forms_account import (
    ClaimNoteForm,
    DecideForm,
    FindForm,
    NewEstablishmentForm,
    SignupForm,
    VerifyForm,
)

SESSION_KEY = "portal_signup"


def signup_start(request):
    if request.user.is_authenticated:
        return redirect("portal:home")
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            row = signup.issue(form.channel, form.address, address_key(client_address(request)))
        except signup.RateLimited as limited:
            minutes = max(1, (limited.seconds + 59) // 60)
            form.add_error(
                None,
                _(
                    "Too many codes were asked for from here or for this number. Try again in %(minutes)s minutes."
                )
                % {"minutes": minutes},
            )
            status = 429
        else:
            request.session[SESSION_KEY] = row.pk
            # The same words whether or not the address has an account (no enumeration).
            messages.success(
                request,
                _(
                    "We sent a message to %(address)s. If it holds a 6-digit code, type it below; if the "
                    "number already has an account, the message says how to sign in."
                )
                % {"address": vnformat.phone(form.address)},
            )
            return redirect("portal:signup_verify")
    if form.errors and status == 200:
        status = 400
    return render(request, "portal/signup.html", {"form": form}, status=status)


REFUSALS = {
    "wrong": lambda left: _("This code is not right. You have %(left)s more tries.") % {"left": left},
    "expired": lambda left: _("This code has expired. Ask for a new one."),
    "dead": lambda left: _("Too many wrong tries: this code no longer works. Ask for a new one."),
    "used": lambda left: _("This code was already used. Ask for a new one."),
}


def signup_verify(request):
    row_id = request.session.get(SESSION_KEY)
    if request.user.is_authenticated:
        return redirect("portal:home")
    if not row_id:
        return redirect("portal:signup")
    row = signup.SignupCode.objects.filter(pk=row_id).first()
    if row is None:
        request.session.pop(SESSION_KEY, None)
        return redirect("portal:signup")
    form = VerifyForm(request.POST or None, address=row.address)
    if request.method == "POST":
        valid = form.is_valid()
        # The code is checked even when another field is wrong, so that every mistake is told at
        # once, each by its field (a wrong code counts as a try whatever else was typed).
        code = form.cleaned_data.get("code")
        result = signup.check(row.pk, code) if code else None
        user = None
        if valid and result.ok:
            user = signup.create_account(
                row.pk, code, form.cleaned_data["full_name"], form.cleaned_data["password1"]
            )
            if user is None:
                result = signup.Check(False, "used")
        if user is not None:
            request.session.pop(SESSION_KEY, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready. Now find your establishment."))
            return redirect("portal:claim")
        if result is not None and not result.ok:
            form.add_error("code", REFUSALS[result.reason](result.tries_left))
    return render(
        request,
        "portal/signup_verify.html",
        {"form": form, "address": row.address},
        status=400 if form.errors else 200,
    )


# ------------------------------------------------------------------ claiming an establishment

# Enough to find one's own business among namesakes; more would make the page a directory.
FOUND_LIMIT = 20


def _find(form) -> list:
    from khuyencong.registry.models import Establishment, normalise_tax_code
    from khuyencong.vntext import fold

    data = form.cleaned_data
    code = normalise_tax_code(data.get("tax_code"))
    if code:
        # A 12-digit personal ID finds nothing: whose ID owns which business is personal data.
        if is_personal_id(code):
            return []
        qs = Establishment.objects.filter(tax_code=code)
    else:
        qs = Establishment.objects.filter(current_commune=data["commune"])
        for word in fold(data["name"]).split()[:8]:
            qs = qs.filter(name_key__contains=word)
    # Only what the owner needs to recognise the record: never a person's name, phone or ID.
    return list(
        qs.select_related("current_commune__parent").only(
            "name", "trade", "current_commune__name", "current_commune__parent__name"
        )[:FOUND_LIMIT]
    )


@login_required
def claim_start(request):
    claim = claim_of(request.user)
    has_role = request.user.role_assignments.exists()
    blocked = has_role or (claim is not None and claim.status == Claim.Status.PENDING)
    find = FindForm(request.GET if request.GET else None)
    found = _find(find) if find.is_bound and find.is_valid() else None
    note_form, new_form = ClaimNoteForm(), NewEstablishmentForm(prefix="new")
    if request.method == "POST" and not blocked:
        action = request.POST.get("action")
        try:
            if action == "claim":
                note_form = ClaimNoteForm(request.POST)
                if note_form.is_valid():
                    establishment = Establishment.objects.filter(
                        pk=note_form.cleaned_data["establishment"]
                    ).first()
                    if establishment is not None:
                        Claim.make(
                            request.user, establishment=establishment, note=note_form.cleaned_data["note"]
                        )
                        messages.success(
                            request, _("Your request was sent. We will tell you when it is checked.")
                        )
                        return redirect("portal:home")
                    note_form.add_error(
                        None, _("This establishment is no longer in the registry; search again.")
                    )
            elif action == "new":
                new_form = NewEstablishmentForm(request.POST, prefix="new")
                if new_form.is_valid():
                    data = new_form.cleaned_data
                    Claim.make(request.user, **data)
                    messages.success(
                        request, _("Your request was sent. We will tell you when it is checked.")
                    )
                    return redirect("portal:home")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("portal:home")
    context = {
        "claim": claim,
        "has_role": has_role,
        "blocked": blocked,
        "find": find,
        "found": found,
        "note_form": note_form,
        "new_form": new_form,
        "show_new": request.method == "POST" and request.POST.get("action") == "new",
    }
    failed = request.method == "POST" and (note_form.errors or new_form.errors)
    return render(request, "portal/claim.html", context, status=400 if failed else 200)


def get_claim_for(user, pk) -> Claim:
    """The claim if it lies where the user confirms claims (else 404); 403 without the capability."""
    if not Scope.of(user).can(Can.CONFIRM_CLAIMS):
        raise PermissionDenied
    claim = (
        Claim.objects.visible_to(user)
        .select_related("claimant", "establishment", "commune__parent__parent", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if claim is None:
        raise Http404
    return claim


@login_required
def claim_list(request):
    if not Scope.of(request.user).can(Can.CONFIRM_CLAIMS):
        raise PermissionDenied
    claims = (
        Claim.objects.visible_to(request.user)
        .pending()
        .select_related("claimant", "establishment", "current_commune")
        .order_by("created_at", "id")
    )
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    contested = set(
        Claim.objects.pending()
        .filter(establishment__isnull=False)
        .values("establishment")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("establishment", flat=True)
    )
    return render(request, "portal/claim_list.html", {"page": page, "contested": contested})


@login_required
def claim_detail(request, pk):
    claim = get_claim_for(request.user, pk)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and claim.status == Claim.Status.PENDING and form.is_valid():
        action = request.POST.get("action")
        try:
            if action == "confirm":
                claim.confirm(request.user)
                messages.success(request, _("Claim confirmed: the person now represents the establishment."))
                return redirect("portal:claim_list")
            if action == "decline":
                claim.decline(request.user, form.cleaned_data["reason"])
                messages.success(request, _("Claim declined; the person was told why."))
                return redirect("portal:claim_list")
        except ValidationError as error:
            form.add_error("reason" if "reason" in getattr(error, "error_dict", {}) else None, error.messages)
    establishment = claim.establishment
    context = {
        "claim": claim,
        "form": form,
        "est": establishment,
        "tax_code": establishment.tax_code_for(request.user) if establishment else "",
        "rivals": claim.rivals().select_related("claimant"),
    }
    return render(request, "portal/claim_detail.html", context, status=400 if form.errors else 200)


# ------------------------------------------------------------------ the portal's home page


def home(request):
    user = request.user
    context = {}
    if user.is_authenticated:
        reps = [
            a.establishment
            for a in user.role_assignments.filter(role=Role.ESTABLISHMENT_REP).select_related(
                "establishment__current_commune"
            )
        ]
        context = {
            "establishments": reps,
            "claim": claim_of(user),
            "has_role": user.role_assignments.exists(),
        }
    return render(request, "portal/home.html", context)
