// Package e2e holds the end-to-end test of the lessons as a learner meets them: the notebook server
// started by 'make notebook', each lesson opened in headless Chromium, Cell ▸ Run All clicked, and the
// rendered page checked for the lesson's printed values and plots, with a screenshot kept in build/.
// The same test checks that the server refuses requests without its token, that its log shows the
// token only in the one address the script prints, and that stopping the server as the script says
// (SIGTERM) leaves no kernel running.
//
// It is a module of its own, so that importers of the library don't inherit the browser driver.
// Run it with 'make e2e' (also part of 'make test'); scripts/e2e.sh installs Debian's chromium when
// it is missing and passes its path in DESCENT_CHROMIUM. It drives the classic Notebook 6 interface
// and reads /proc, so it runs on Linux.
package e2e
