"""The poll block editors place inside an article body."""

from wagtail.snippets.blocks import SnippetChooserBlock


class PollChooserBlock(SnippetChooserBlock):
    """Choose a reader poll for this article; the sidebar's Voting Booth then shows it."""

    def __init__(self, **kwargs):
        super().__init__("polls.Poll", **kwargs)

    def deconstruct(self):
        path, _args, kwargs = super().deconstruct()
        return ("newsdesk.polls.blocks.PollChooserBlock", (), {k: v for k, v in kwargs.items() if k != "target_model"})

    class Meta:
        icon = "list-ul"
        template = "polls/blocks/poll.html"
        description = "A reader poll: shown in the sidebar's Voting Booth, with a pointer to it here."
