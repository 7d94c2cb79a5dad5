"""The {% fragment %} tag: a part of a page that is the same for every reader, kept in the shared cache.

    {% fragment "article-main" page.pk tags=page.cache_tags %} ... {% endfragment %}

The name and the values after it make the key; `tags` (optional, resolved after the inside is rendered) are the
purge tags that refresh it, besides the site-wide one. See newsdesk.delivery.fragments for what may go inside.
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

from newsdesk.delivery.fragments import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary, tags):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary
        self.tags = tags

    def render(self, context) -> SafeString:
        def tags():
            found = self.tags.resolve(context) if self.tags is not None else None
            return found or ()

        html = cached_fragment(
            request=context.get("request"),
            name=str(self.name.resolve(context)),
            vary=[part.resolve(context) for part in self.vary],
            tags=tags,
            render=lambda: self.nodelist.render(context),
        )
        return mark_safe(html)  # noqa: S308 - the output of our own templates, escaped when it was rendered


@register.tag("fragment")
def do_fragment(parser, token) -> FragmentNode:
    """Parse {% fragment "name" [vary ...] [tags=expression] %} ... {% endfragment %}."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a name: {{% fragment \"masthead\" %}}")
    tags = None
    vary = []
    for bit in bits[2:]:
        if bit.startswith("tags="):
            tags = parser.compile_filter(bit.removeprefix("tags="))
        else:
            vary.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), vary, tags)
