"""XML parsing with entity resolution and network access off."""

from __future__ import annotations

import re

from lxml import etree

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)


class UnsafeXmlError(ValueError):
    """XML that declares entities (XXE, entity-expansion bombs) or does not parse."""


def parse_xml(data: bytes) -> etree._Element:
    """Parse bytes into an element tree root; entity declarations are refused outright."""
    if _ENTITY_DECL.search(data[:65536]):
        raise UnsafeXmlError("entity declarations are not accepted (XXE / entity expansion)")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnsafeXmlError(f"malformed XML: {exc}") from None
    if root is None:
        raise UnsafeXmlError("empty XML document")
    return root


def local(tag: object) -> str:
    """Local name of an element tag, lower-cased ('{ns}Foo' → 'foo'); '' for comments/PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def text_of(el: etree._Element | None) -> str:
    """All text inside an element, whitespace collapsed."""
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())
