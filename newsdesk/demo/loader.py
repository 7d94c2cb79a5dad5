"""Load the whole demo newsroom, app by app, lower layers first: each app's demo finds what it builds on."""

from newsdesk.comments.demo import loader as comments_demo
from newsdesk.liveblogs.demo import loader as liveblogs_demo
from newsdesk.markets.demo import loader as markets_demo
from newsdesk.news.demo import loader as news_demo
from newsdesk.newsletters.demo import loader as newsletters_demo
from newsdesk.polls.demo import loader as polls_demo
from newsdesk.publiceditor.demo import loader as publiceditor_demo
from newsdesk.readership.demo import loader as readership_demo
from newsdesk.subscriptions.demo import loader as subscriptions_demo

from . import staff


def load(stdout=None) -> None:
    """Create whatever of the demo is missing, leaving alone what staff and readers have changed since."""
    staff.load(stdout=stdout)
    news_demo.load(stdout=stdout)
    # Polls know nothing of the news app's pages: the section poll goes on the first top-level section.
    polls_demo.load(stdout=stdout, section=news_demo.first_section())
    markets_demo.load(stdout=stdout)
    comments_demo.load(stdout=stdout)
    subscriptions_demo.load(stdout=stdout)
    publiceditor_demo.load(stdout=stdout)
    liveblogs_demo.load(stdout=stdout)
    newsletters_demo.load(stdout=stdout)
    readership_demo.load(stdout=stdout)
