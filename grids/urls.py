from django.urls import path

from . import views

# Mounted at the site root (config/urls.py): every path carries its own prefix.
app_name = "grids"
urlpatterns = [
    path("board/", views.board_search, name="board-search"),
    path("board/street/<str:code>/posters.pdf", views.street_posters_pdf, name="street-posters"),
    path("board/<str:code>/", views.board_detail, name="board"),
    path("board/<str:code>/poster.pdf", views.poster_pdf, name="poster"),
]
