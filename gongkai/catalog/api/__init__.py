"""The catalogue's read-only JSON API (Django REST framework) and its OpenAPI 3 schema
(drf-spectacular): ``/api/catalogue/items/`` (filters, keyset pages), one item by id or by
索引号, ``/api/catalogue/schema/``. Only what the portal shows publicly: published 主动公开 items
(``selectors.published_items``), no personal data, GET and HEAD only.
"""
