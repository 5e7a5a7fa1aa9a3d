from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import password_reset, views
from .forms import ThrottledLoginForm

app_name = "accounts"
# Password change, reset and new-password forms share one page; each view sets its title.
FORM_PAGE = "registration/form_page.html"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=ThrottledLoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done"), template_name=FORM_PAGE
        ),
        name="password_change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset/",
        password_reset.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"), template_name=FORM_PAGE
        ),
        name="password_reset",
    ),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        # The site's own page (Django's default would be the admin's English-titled template).
        password_reset.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete"), template_name=FORM_PAGE
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("users/", views.user_list, name="user_list"),
    path("users/invite/", views.user_invite, name="user_invite"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/<int:assignment_pk>/revoke/", views.role_revoke, name="role_revoke"),
]
