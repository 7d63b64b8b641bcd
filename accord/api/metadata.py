from typing import Any

from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request


class Metadata(SimpleMetadata):
    """OPTIONS names the endpoint and what it renders and parses, nothing more.

    DRF's default also describes the input of each write by instantiating the view's serializer,
    which answers 500 on views that choose their serializer per action, and would describe a
    record's fields to a reader before any access rule ran. The schema (/api/v1/schema/) is
    where a client learns the fields."""

    def determine_metadata(self, request: Request, view: Any) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
