// Package nbtest holds the tests that run the lessons as a learner meets them: every notebook
// under notebooks/ executed headless in a fresh GoNB kernel (its outputs checked against a table
// of expected lines and images), and the notebook server started as 'make notebook' starts it.
//
// They need Jupyter and the GoNB kernel that 'make setup' installs. Without Jupyter they are
// skipped, except under CI=true, where that is a failure. Under -short they are skipped.
package nbtest
