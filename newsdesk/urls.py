from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from newsdesk.core import views as core_views
from newsdesk.news import views as news_views
from newsdesk.newsletters.webhooks import webhook_urls
from newsdesk.publiceditor import views as publiceditor_views
from newsdesk.subscriptions import views as subscriptions_views

# Staff sign in where readers do (allauth): one door, so its rate limits, lock-out and two-factor step cover the
# admin too. The admins' own login forms would be a way around all three.
ALLAUTH_LOGIN = RedirectView.as_view(url=settings.LOGIN_URL, query_string=True)

urlpatterns = [
    path("admin/login/", ALLAUTH_LOGIN),
    path("django-admin/login/", ALLAUTH_LOGIN),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("manifest.webmanifest", core_views.web_app_manifest, name="web_app_manifest"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("sitemap.xml", news_views.sitemap, name="sitemap"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("newsdesk.accounts.urls")),
    path("polls/", include("newsdesk.polls.urls")),
    path("markets/", include("newsdesk.markets.urls")),
    path("comments/", include("newsdesk.comments.urls")),
    path("subscribe/", subscriptions_views.offer, name="subscribe"),  # the public offer; choosing a plan signs in
    path("subscriptions/", include("newsdesk.subscriptions.urls")),
    path("subscriptions/", include("newsdesk.paywall.urls")),  # the full-body fragment's address, kept
    path("newsletters/", include("newsdesk.newsletters.urls")),
    # The email service's tracking webhooks (bounces, complaints); anymail verifies each call before the signal.
    path("newsletters/anymail/", include(webhook_urls())),
    path("public-editor/", include("newsdesk.publiceditor.urls")),
    path("readership/", include("newsdesk.readership.urls")),
    path("corrections", publiceditor_views.corrections_page, name="corrections"),
    path("", include("newsdesk.news.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree comes last: it answers every path the patterns above did not claim.
urlpatterns.append(path("", include(wagtail_urls)))

handler404 = "newsdesk.core.views.page_not_found"
handler500 = "newsdesk.core.views.server_error"
