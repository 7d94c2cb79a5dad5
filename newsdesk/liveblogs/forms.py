from wagtail.admin.forms import WagtailAdminModelForm

from .models import LivePost


class LivePostForm(WagtailAdminModelForm):
    """A post as the posting screen writes it: the body's blocks, an optional headline and byline, the flags."""

    class Meta:
        model = LivePost
        fields = ["headline", "body", "author", "pinned", "key_event"]
