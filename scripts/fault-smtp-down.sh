#!/usr/bin/env bash
# The SMTP server is down while 1,020 escalations (340 incidents x 3 tiers, default) are mailed and people complete
# tasks: no mail lost or doubled, all delivered within 2 minutes of recovery, no task completion rolled back.
#   scripts/fault-smtp-down.sh [incidents]
exec "$(dirname "$0")/fault-run.sh" smtp-down "${1:-340}"
