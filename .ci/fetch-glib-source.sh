#!/usr/bin/env bash
# GLib 2.74's Debian source package (glib2.0; bookworm has 2.74.6: its own
# glib/tests and gio/tests) into DEST; prints the tree's path.
# usage: fetch-glib-source.sh DEST
exec bash "$(dirname "$0")/fetch-source.sh" glib2.0 'glib2.0-*' glib/tests/mainloop.c "$1"
