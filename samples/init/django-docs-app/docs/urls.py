from django.urls import path

from docs import views

urlpatterns = [path("<slug:slug>/", views.page)]
