#!/usr/bin/env bash
# kill -9 one of two SOPFlow nodes while the SLA timers of 1,000 incidents (default) come due: every escalation and
# every mail happens exactly once, the survivor takes over the dead node's locked jobs after their lock (20 s) expires
# and mails the notifications the dead node had claimed after their lease (20 s) expires.
#   scripts/fault-node-kill.sh [incidents]
exec "$(dirname "$0")/fault-run.sh" node-kill "${1:-1000}"
