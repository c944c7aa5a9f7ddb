"""The public counters page /<site>/gerai and the counter report (moved from notices)."""
