"""Demo catalogue for two MPP sites (Maros and Ngawi), in the format of docs/catalog-format.md.

`mpp_lite.demo.data.build_catalog()` returns the whole catalogue as plain Python data; it is
loaded by `flask --app mpp_lite seed-demo` through the same importer operators use.

The content is illustrative: fees, requirements and legal bases follow public sources as far as
they go, but addresses, phone numbers and local details are examples that an operator replaces
with the real ones before going live.
"""
