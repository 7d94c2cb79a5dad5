from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("authors/<slug:slug>/", views.author, name="author"),
    path("feeds/rss/", feeds.SiteFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.atom(feeds.SiteFeed)(), name="feed_atom"),
    path("feeds/sections/<path:section_path>/rss/", feeds.SectionFeed(), name="section_feed_rss"),
    path("feeds/sections/<path:section_path>/atom/", feeds.atom(feeds.SectionFeed)(), name="section_feed_atom"),
    path("feeds/topics/<slug:slug>/rss/", feeds.TopicFeed(), name="topic_feed_rss"),
    path("feeds/topics/<slug:slug>/atom/", feeds.atom(feeds.TopicFeed)(), name="topic_feed_atom"),
    path("feeds/authors/<slug:slug>/rss/", feeds.AuthorFeed(), name="author_feed_rss"),
    path("feeds/authors/<slug:slug>/atom/", feeds.atom(feeds.AuthorFeed)(), name="author_feed_atom"),
    path("sitemap-news.xml", views.news_sitemap, name="news_sitemap"),
]
