from django.urls import path

from streams.apis import RulebookApi, ScreenApi, StreamListApi

urlpatterns = [
    path("screen", ScreenApi.as_view(), name="api-screen"),
    path("streams", StreamListApi.as_view(), name="api-streams"),
    path("rulebook", RulebookApi.as_view(), name="api-rulebook"),
]
