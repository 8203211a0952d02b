"""Deployment helpers: the nginx set-up written by scripts/serve.sh."""
