#!/bin/sh
# Copies the backup folder off the machine (docs/DEPLOYMENT.md, "Backups off the machine").
# Run by alliances-offsite.timer after the server's daily backup. Either restic (encrypted,
# deduplicated, with its own retention) when RESTIC_REPOSITORY is set, or rsync to
# OFFSITE_TARGET (user@host:folder/). Settings in /etc/alliances/offsite.env.
set -eu
BACKUPS=${BACKUPS:-/var/lib/alliances/backups}

if [ -n "${RESTIC_REPOSITORY:-}" ]; then
    restic backup --quiet --tag alliances "$BACKUPS"
    restic forget --quiet --tag alliances --keep-daily 14 --keep-weekly 8 --keep-monthly 12 --prune
    restic check --quiet
elif [ -n "${OFFSITE_TARGET:-}" ]; then
    rsync --archive --partial --delete-after --exclude '*.partial' "$BACKUPS/" "$OFFSITE_TARGET"
else
    echo "Set RESTIC_REPOSITORY (and RESTIC_PASSWORD_FILE) or OFFSITE_TARGET in /etc/alliances/offsite.env" >&2
    exit 2
fi
