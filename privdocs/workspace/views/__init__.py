"""The workspace's pages, one module per screen."""
