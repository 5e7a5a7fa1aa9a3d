"""Information work: media items of a project."""

urlpatterns: list = []
