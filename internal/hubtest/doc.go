// Package hubtest holds the test of the class hub ('make hub', scripts/hub.sh): real local
// accounts, PAM logins through the hub's form, each learner's server running as them, their files
// out of each other's reach, their edits kept across a restart. It runs as root, only when
// DESCENT_HUB_TEST=1 (make hub-test sets it), because it makes and deletes accounts.
package hubtest
