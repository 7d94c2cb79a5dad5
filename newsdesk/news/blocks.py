"""StreamField blocks for article bodies."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from newsdesk.polls.blocks import PollChooserBlock

# Renditions the body image template asks for; fetched together with the images, so a body with many
# images costs the same two queries as a body with one.
BODY_IMAGE_FILTERS = ("width-800", "width-1600")


class BodyImageChooserBlock(ImageChooserBlock):
    """An image chooser whose bulk load also prefetches the renditions the body template uses."""

    def bulk_to_python(self, values):
        images = (
            get_image_model()
            .objects.prefetch_renditions(*BODY_IMAGE_FILTERS)
            .in_bulk([value for value in values if value])
        )
        return [images.get(value) for value in values]


class SubheadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "news/blocks/subheading.html"
        preview_value = "What the council decided"
        description = "A subheading inside the article (an h2)."


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "news/blocks/quote.html"
        preview_value = {
            "text": "We will publish the figures in full.",
            "attribution": "A council spokesperson",
        }
        description = "A pulled quote with who said it."


class ImageBlock(blocks.StructBlock):
    image = BodyImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "news/blocks/image.html"
        description = "An image with caption and credit."


class RelatedArticleBlock(blocks.StructBlock):
    """An inline "READ | headline" link to another article; renders nothing if that article is not live."""

    article = blocks.PageChooserBlock(page_type="news.ArticlePage")

    class Meta:
        icon = "link"
        template = "news/blocks/related_article.html"
        description = 'An inline "READ | headline" link to another article.'


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "news/blocks/paragraph.html"
        preview_value = "<p>The committee met on Tuesday to consider the proposal.</p>"
        description = "A paragraph of text."


class ArticleEmbedBlock(EmbedBlock):
    class Meta:
        icon = "media"
        template = "news/blocks/embed.html"
        description = "A video or social post embedded by its URL."


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock(features=["bold", "italic", "link", "ol", "ul"])
    subheading = SubheadingBlock(max_length=120)
    quote = QuoteBlock()
    image = ImageBlock()
    embed = ArticleEmbedBlock()
    related_article = RelatedArticleBlock()
    poll = PollChooserBlock()
