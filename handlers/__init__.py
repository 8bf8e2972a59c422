"""Thin python-telegram-bot layer: parse update, call bot/, render, reply."""
