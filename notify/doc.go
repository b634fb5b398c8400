// Package notify tells people what changed (issue 14). The models write each message
// into the outbox table in the transaction of the change that causes it; a Sender in
// every process takes due messages, writes them in the recipient's language (plain
// text, simple HTML and, for a session, an .ics file) and hands them to the mail server
// of SMTP_URL. Without a mail server the messages are kept for the coordinator's page
// Berichten; people without an e-mail address read theirs on Mijn pagina and are on
// the call list. Scheduled messages (reminders, the monthly hours, the digest) are
// queued by Rounds, once across processes.
//
// It imports models, views (the translations) and printables (the .ics file); the app
// builds the Sender and the handlers use Render to show a message as it would arrive.
package notify
