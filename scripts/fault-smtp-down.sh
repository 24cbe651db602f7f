#!/usr/bin/env bash
# The SMTP server is down while 1,020 escalations are mailed (380 incidents by default: 40 worked on by people, whose
# task completions must not be rolled back or held up, and 340 x 3 tiers of escalation): notifications wait in the
# outbox and are retried with backoff; no mail lost or doubled, all delivered within 2 minutes of recovery.
#   scripts/fault-smtp-down.sh [incidents]
exec "$(dirname "$0")/fault-run.sh" smtp-down "${1:-380}"
