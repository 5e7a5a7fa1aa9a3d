from django.urls import path

from . import views_account

app_name = "portal"
urlpatterns = [
    path("", views_account.home, name="home"),
    path("signup/", views_account.signup_start, name="signup"),
    path("signup/verify/", views_account.signup_verify, name="signup_verify"),
    path("claim/", views_account.claim_start, name="claim"),
    path("claims/", views_account.claim_list, name="claim_list"),
    path("claims/<int:pk>/", views_account.claim_detail, name="claim_detail"),
]
