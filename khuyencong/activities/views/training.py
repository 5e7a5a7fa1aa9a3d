"""Training courses, their sessions and attendance, and the trainees (helper T's area)."""

urlpatterns: list = []
