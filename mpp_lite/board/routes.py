"""Display board routes."""
